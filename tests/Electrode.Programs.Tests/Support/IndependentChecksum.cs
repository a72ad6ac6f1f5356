namespace Electrode.Programs.Tests.Support;

/// <summary>
/// RFC 1071 arithmetic written out byte by byte, independently of both the programs' <c>bpf_csum_diff</c> use and the
/// codec's, to judge the headers the programs write.
/// </summary>
public static class IndependentChecksum
{
    /// <summary>True when the 20-byte IPv4 header at <paramref name="offset"/> carries a correct checksum.</summary>
    public static bool Ipv4HeaderIsValid(byte[] frame, int offset = 14) => Ipv4Header(frame, offset, withChecksum: true) == 0;

    /// <summary>The checksum the header at <paramref name="offset"/> should carry (its checksum field taken as zero).</summary>
    public static ushort ExpectedIpv4Checksum(byte[] frame, int offset = 14) => Ipv4Header(frame, offset, withChecksum: false);

    private static ushort Ipv4Header(byte[] frame, int offset, bool withChecksum)
    {
        uint sum = 0;
        for (int i = 0; i < 20; i += 2)
        {
            if (!withChecksum && i == 10)
                continue;
            sum += (uint)(frame[offset + i] << 8 | frame[offset + i + 1]);
        }
        while (sum > 0xffff)
            sum = (sum & 0xffff) + (sum >> 16);
        return (ushort)~sum;
    }
}
