using BpfSharp.Testing;

namespace BpfSharp.Compiler.Tests.CodeGen;

public class VariableOffsetTests
{
    private const string Program = """
        using BpfSharp;
        using BpfSharp.Net;

        public struct Payload { public fixed byte Bytes[256]; }

        public unsafe struct Copy { public uint Length; public Payload Data; }

        public static unsafe class Options
        {
            [Map] public static readonly PerCpuArrayMap<Copy> Scratch = new(1);

            [Xdp]
            public static XdpAction Port(XdpContext ctx)
            {
                Ipv4Header* ip = ctx.Header<Ipv4Header>(14);
                if (ip == null) return XdpAction.Aborted;
                uint headerLength = (uint)(ip->VersionAndLength & 0x0f) * 4;
                if (headerLength < 20) return XdpAction.Aborted;
                UdpHeader* udp = ctx.Header<UdpHeader>(14 + headerLength);
                if (udp == null) return XdpAction.Aborted;
                Copy* copy = Scratch.Lookup(0);
                if (copy == null) return XdpAction.Aborted;
                uint length = (uint)ByteOrder.ToHost(udp->LengthBE) - 8;
                copy->Length = length;
                if (ctx.LoadBytes(14 + headerLength + 8, &copy->Data, length) != 0) return XdpAction.Pass;
                return ByteOrder.ToHost(udp->DestinationPortBE) == 53 && copy->Data.Bytes[0] == 0xAB ? XdpAction.Drop : XdpAction.Tx;
            }
        }
        """;

    private static byte[] FrameWithOptions(int optionWords, ushort port, byte[] payload)
    {
        var plain = KernelPrograms.UdpFrame(port, payload);
        var frame = new byte[plain.Length + optionWords * 4];
        plain.AsSpan(0, 34).CopyTo(frame);
        frame[14] = (byte)(0x40 | (5 + optionWords));
        plain.AsSpan(34).CopyTo(frame.AsSpan(34 + optionWords * 4));
        return frame;
    }

    [KernelFact]
    public void Headers_at_offsets_read_from_the_packet_and_loads_of_packet_given_lengths_pass_the_verifier()
    {
        using var loaded = KernelPrograms.CompileAndLoad(Program);
        var program = loaded.Program("Port");

        Assert.Equal((uint)XdpAction.Drop, program.TestRun(FrameWithOptions(2, 53, [0xAB, 1, 2])).ReturnValue);
        Assert.Equal((uint)XdpAction.Tx, program.TestRun(FrameWithOptions(0, 53, [0xAC])).ReturnValue);
        Assert.Equal((uint)XdpAction.Tx, program.TestRun(FrameWithOptions(10, 54, [0xAB])).ReturnValue);
        Assert.Equal((uint)XdpAction.Pass, program.TestRun(FrameWithOptions(1, 53, [])).ReturnValue);
    }
}
