namespace BpfSharp.Runtime.Tests.Loader;

internal static class Packets
{
    /// <summary>An Ethernet frame of the given length whose bytes count up from <paramref name="first"/>.</summary>
    internal static byte[] Counting(int length, byte first = 1)
    {
        var packet = new byte[length];
        for (int i = 0; i < length; i++)
            packet[i] = (byte)(first + i);
        return packet;
    }
}
