using System.Buffers.Binary;
using BpfSharp.Runtime.Tests.Support;

namespace BpfSharp.Runtime.Tests.Helpers;

public unsafe class ChecksumTests
{
    private static byte[] RandomIpv4Header(Random random)
    {
        var header = new byte[20];
        random.NextBytes(header);
        header[0] = 0x45;
        header[10] = header[11] = 0;
        return header;
    }

    [Fact]
    public void Fold_of_Diff_over_a_whole_header_equals_the_RFC_1071_checksum()
    {
        var random = new Random(1071);
        for (int i = 0; i < 500; i++)
        {
            byte[] header = RandomIpv4Header(random);
            fixed (byte* h = header)
                Assert.Equal(Rfc1071.Checksum(header), ByteOrder(Checksum.Fold(Checksum.Diff(null, 0, h, 20, 0))));
        }
    }

    [Fact]
    public void Incremental_update_with_Diff_of_the_changed_word_matches_recomputing_the_checksum()
    {
        var random = new Random(791);
        for (int i = 0; i < 500; i++)
        {
            byte[] header = RandomIpv4Header(random);
            BinaryPrimitives.WriteUInt16BigEndian(header.AsSpan(10), Rfc1071.Checksum(header));
            byte[] changed = header.ToArray();
            random.NextBytes(changed.AsSpan(16, 4));
            fixed (byte* before = header)
            fixed (byte* after = changed)
            {
                uint oldChecksum = (ushort)~*(ushort*)(before + 10);
                long sum = Checksum.Diff(before + 16, 4, after + 16, 4, oldChecksum);
                *(ushort*)(after + 10) = Checksum.Fold(sum);
            }
            Assert.Equal(0, Rfc1071.Checksum(changed));
        }
    }

    [Fact]
    public void Folded_Diff_equals_the_fold_of_what_bpf_csum_diff_returned_on_a_6_18_kernel()
    {
        // bpf_csum_diff(from = {1,2,3,4}, 16, to = {0xffffffff,6,7,8}, 16, seed = 0x12345678) returned 26807 through
        // BPF_PROG_TEST_RUN on kernel 6.18 x86_64; its raw 32-bit value differs from ours, its fold does not.
        uint[] words = [1, 2, 3, 4, 0xffffffff, 6, 7, 8];
        fixed (uint* w = words)
            Assert.Equal(Checksum.Fold(26807), Checksum.Fold(Checksum.Diff(w, 16, w + 4, 16, 0x12345678)));
    }

    [Fact]
    public void Folded_Diff_of_all_ones_words_equals_the_kernels_fold()
    {
        // The kernel returned 65535 for 34 words of zero against 34 words of zero (from side complemented to all ones).
        var zeros = new uint[34];
        fixed (uint* z = zeros)
            Assert.Equal(Checksum.Fold(65535), Checksum.Fold(Checksum.Diff(z, 136, z, 136, 0)));
    }

    [Theory]
    [InlineData(3u, 0u)]
    [InlineData(0u, 6u)]
    [InlineData(256u, 260u)]
    [InlineData(516u, 0u)]
    public void Diff_refuses_sizes_not_multiple_of_4_or_together_over_512_bytes(uint fromSize, uint toSize)
    {
        var buffer = new byte[1024];
        fixed (byte* b = buffer)
            Assert.Equal(-Errno.EINVAL, Checksum.Diff(b, fromSize, b, toSize, 0));
    }

    [Fact]
    public void Diff_accepts_512_bytes_in_total()
    {
        var buffer = new byte[512];
        fixed (byte* b = buffer)
            Assert.True(Checksum.Diff(b, 256, b, 256, 0) >= 0);
    }

    [Fact]
    public void Fold_complements_the_folded_sum()
    {
        Assert.Equal((ushort)0xffff, Checksum.Fold(0));
        Assert.Equal((ushort)0xfffc, Checksum.Fold(0x0001_0002));
        Assert.Equal((ushort)0, Checksum.Fold(0xffff));
    }

    /// <summary>The folded value is in memory (network) order as stored in the header; RFC 1071 above reads big-endian.</summary>
    private static ushort ByteOrder(ushort stored) => BinaryPrimitives.ReverseEndianness(stored);
}
