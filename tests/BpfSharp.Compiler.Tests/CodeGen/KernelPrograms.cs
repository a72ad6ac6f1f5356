using BpfSharp.Loader;

namespace BpfSharp.Compiler.Tests.CodeGen;

/// <summary>Loads compiled objects with the runtime's libbpf loader: the kernel verifier is the judge.</summary>
internal static class KernelPrograms
{
    public static LoadedBpfObject Load(byte[] objectBytes)
    {
        using var opened = BpfObject.Open(objectBytes);
        return opened.Load();
    }

    public static LoadedBpfObject CompileAndLoad(string source) => Load(TestPrograms.CompileToObject(source));

    /// <summary>A minimal Ethernet + IPv4 + UDP frame to the given destination port, with a payload.</summary>
    public static byte[] UdpFrame(ushort destinationPort, ReadOnlySpan<byte> payload)
    {
        var frame = new byte[14 + 20 + 8 + payload.Length];
        frame[12] = 0x08;
        frame[14] = 0x45;
        var ipLength = (ushort)(20 + 8 + payload.Length);
        frame[16] = (byte)(ipLength >> 8);
        frame[17] = (byte)ipLength;
        frame[22] = 64;
        frame[23] = 17;
        frame[26] = 10; frame[29] = 1;
        frame[30] = 10; frame[33] = 2;
        frame[34] = 0x30; frame[35] = 0x39;
        frame[36] = (byte)(destinationPort >> 8);
        frame[37] = (byte)destinationPort;
        var udpLength = (ushort)(8 + payload.Length);
        frame[38] = (byte)(udpLength >> 8);
        frame[39] = (byte)udpLength;
        payload.CopyTo(frame.AsSpan(42));
        return frame;
    }
}
