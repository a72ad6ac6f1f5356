namespace BpfSharp.Compiler.Tests.CodeGen;

public class FirstProgramTests
{
    private const string Source = """
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

    [Fact]
    public void An_xdp_program_with_a_map_and_headers_is_accepted_by_the_kernel_verifier()
    {
        string? ir = null;
        var result = BpfSharp.Compiler.CodeGen.CodeGenerator.Generate(TestPrograms.Model(Source), text => ir = text);
        Assert.True(result.Success, string.Join("\n", result.Diagnostics));
        File.WriteAllText("/tmp/first.ll", ir);
        File.WriteAllBytes("/tmp/first.bpf.o", result.Object!);
        var (code, output) = KernelLoader.LoadAll(result.Object!);
        Assert.True(code == 0, output);
    }
}
