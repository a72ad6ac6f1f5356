namespace BpfSharp;

/// <summary>Internet checksum (RFC 1071) arithmetic, as the kernel's checksum helpers compute it.</summary>
public static unsafe class Checksum
{
    /// <summary>
    /// <c>bpf_csum_diff</c>: the 32-bit one's-complement sum of <paramref name="to"/> minus that of
    /// <paramref name="from"/>, added to <paramref name="seed"/>. Sizes are multiples of 4 and together at most 512
    /// bytes (the helper's scratch buffer); either side may be empty. Negative (<c>-EINVAL</c>) for a bad size.
    /// Fold the result with <see cref="Fold"/>.
    /// </summary>
    /// <remarks>
    /// The kernel sums with the architecture's <c>csum_partial</c>; this sums 32-bit words in 64 bits and folds the
    /// carries back (end-around carry). Both are the one's-complement sum modulo 2^32 - 1 of the same words, so the
    /// 32-bit partial sums are congruent and <see cref="Fold"/> of either gives the same 16-bit checksum; compare
    /// folded values, not raw 32-bit ones.
    /// </remarks>
    public static long Diff(void* from, uint fromSize, void* to, uint toSize, uint seed)
    {
        if (((fromSize | toSize) & 3) != 0 || (ulong)fromSize + toSize > 512)
            return -Errno.EINVAL;
        ulong sum = seed;
        for (uint i = 0; i < toSize / 4; i++) sum += ((uint*)to)[i];
        for (uint i = 0; i < fromSize / 4; i++) sum += ~((uint*)from)[i];
        while (sum >> 32 != 0) sum = (sum & 0xffffffff) + (sum >> 32);
        return (long)sum;
    }

    /// <summary>Folds a 32-bit partial sum to 16 bits and complements it: the value to store in a header's checksum field.</summary>
    public static ushort Fold(long partialSum)
    {
        ulong sum = (ulong)partialSum & 0xffffffff;
        sum = (sum & 0xffff) + (sum >> 16);
        sum = (sum & 0xffff) + (sum >> 16);
        return (ushort)~sum;
    }
}
