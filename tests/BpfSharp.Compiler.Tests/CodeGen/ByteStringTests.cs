using BpfSharp.Testing;

namespace BpfSharp.Compiler.Tests.CodeGen;

public class ByteStringTests
{
    private const string Program = """
        using System;
        using BpfSharp;

        public static unsafe class Names
        {
            [Xdp]
            public static XdpAction Match(XdpContext ctx)
            {
                ReadOnlySpan<byte> expected = "PING"u8;
                byte* payload = (byte*)ctx.Header<Word>(42);
                if (payload == null) return XdpAction.Aborted;
                return StartsWith(payload, expected) ? XdpAction.Drop : XdpAction.Pass;
            }

            private static bool StartsWith(byte* bytes, ReadOnlySpan<byte> prefix)
            {
                for (int i = 0; i < prefix.Length; i++)
                    if (bytes[i] != prefix[i]) return false;
                return true;
            }
        }

        public struct Word { public uint Value; }
        """;

    [KernelFact]
    public void A_u8_literal_compares_with_packet_bytes()
    {
        using var loaded = KernelPrograms.CompileAndLoad(Program);
        var program = loaded.Program("Match");

        Assert.Equal((uint)XdpAction.Drop, program.TestRun(KernelPrograms.UdpFrame(1, "PING!"u8)).ReturnValue);
        Assert.Equal((uint)XdpAction.Pass, program.TestRun(KernelPrograms.UdpFrame(1, "PONG!"u8)).ReturnValue);
        Assert.Equal((uint)XdpAction.Aborted, program.TestRun(KernelPrograms.UdpFrame(1, "PI"u8)).ReturnValue);
    }
}
