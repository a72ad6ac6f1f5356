using BpfSharp.Loader;
using BpfSharp.Testing;

namespace BpfSharp.Compiler.Tests.CodeGen;

public class XdpProgramTests
{
    private const string CountingProgram = """
        using BpfSharp;
        using BpfSharp.Net;
        using System.Runtime.InteropServices;

        [StructLayout(LayoutKind.Sequential)]
        public struct Counter { public ulong Packets; public ulong Bytes; }

        public static unsafe class Probe
        {
            [Map] public static readonly ArrayMap<Counter> Counters = new(4);

            [Xdp]
            public static XdpAction Count(XdpContext ctx)
            {
                EthernetHeader* eth = ctx.Header<EthernetHeader>(0);
                if (eth == null) return XdpAction.Pass;
                if (eth->EtherTypeBE != ByteOrder.ToNetwork(EtherType.Ipv4)) return XdpAction.Pass;
                Ipv4Header* ip = ctx.Header<Ipv4Header>(14);
                if (ip == null) return XdpAction.Pass;
                Counter* c = Counters.Lookup(ip->Protocol == IpProtocol.Udp ? 1u : 0u);
                if (c == null) return XdpAction.Pass;
                c->Packets++;
                c->Bytes += ByteOrder.ToHost(ip->TotalLengthBE);
                return XdpAction.Pass;
            }
        }
        """;

    [KernelFact]
    public void A_counting_program_with_headers_and_an_array_map_counts_udp_packets_by_their_ip_length()
    {
        using var loaded = KernelPrograms.CompileAndLoad(CountingProgram);
        var program = loaded.Program("Count");
        var frame = KernelPrograms.UdpFrame(7000, new byte[10]);

        Assert.Equal((uint)XdpAction.Pass, program.TestRun(frame).ReturnValue);
        Assert.Equal((uint)XdpAction.Pass, program.TestRun(frame).ReturnValue);

        Assert.True(loaded.Map("Counters").TryLookup<uint, (ulong Packets, ulong Bytes)>(1u, out var udp));
        Assert.Equal(2UL, udp.Packets);
        Assert.Equal(2UL * (20 + 8 + 10), udp.Bytes);
        Assert.True(loaded.Map("Counters").TryLookup<uint, (ulong Packets, ulong Bytes)>(0u, out var other));
        Assert.Equal(0UL, other.Packets);
    }

    private const string PortFilter = """
        using BpfSharp;
        using BpfSharp.Net;
        using System.Runtime.InteropServices;

        [StructLayout(LayoutKind.Sequential, Pack = 1)]
        public struct Frame { public EthernetHeader Ethernet; public Ipv4Header Ip; public UdpHeader Udp; }

        public static unsafe class Filter
        {
            public static readonly ushort BlockedPort = 9999;

            [Xdp]
            public static XdpAction DropPort(XdpContext ctx)
            {
                Frame* frame = ctx.Header<Frame>(0);
                if (frame == null || !IsUdp(frame)) return XdpAction.Pass;
                return ByteOrder.ToHost(frame->Udp.DestinationPortBE) == BlockedPort ? XdpAction.Drop : XdpAction.Pass;
            }

            private static bool IsUdp(Frame* frame) =>
                frame->Ethernet.EtherTypeBE == ByteOrder.ToNetwork(EtherType.Ipv4) && frame->Ip.Protocol == IpProtocol.Udp;
        }
        """;

    [KernelFact]
    public void A_port_filter_drops_its_configured_port_and_passes_other_ports_and_short_frames()
    {
        using var loaded = KernelPrograms.CompileAndLoad(PortFilter);
        var program = loaded.Program("DropPort");

        Assert.Equal((uint)XdpAction.Drop, program.TestRun(KernelPrograms.UdpFrame(9999, new byte[4])).ReturnValue);
        Assert.Equal((uint)XdpAction.Pass, program.TestRun(KernelPrograms.UdpFrame(9998, new byte[4])).ReturnValue);
        Assert.Equal((uint)XdpAction.Pass, program.TestRun(KernelPrograms.UdpFrame(9999, [])[..30]).ReturnValue);
    }

    [KernelFact]
    public void A_static_readonly_field_is_rodata_that_the_loader_sets_before_load()
    {
        using var opened = BpfObject.Open(TestPrograms.CompileToObject(PortFilter));
        Assert.Contains("BlockedPort", opened.VariableNames);
        opened.SetVariable("BlockedPort", (ushort)5555);
        using var loaded = opened.Load();
        var program = loaded.Program("DropPort");

        Assert.Equal((uint)XdpAction.Drop, program.TestRun(KernelPrograms.UdpFrame(5555, new byte[4])).ReturnValue);
        Assert.Equal((uint)XdpAction.Pass, program.TestRun(KernelPrograms.UdpFrame(9999, new byte[4])).ReturnValue);
    }
}
