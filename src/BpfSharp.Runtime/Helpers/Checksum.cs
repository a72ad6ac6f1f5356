namespace BpfSharp;

/// <summary>Internet checksum (RFC 1071) arithmetic, as the kernel's checksum helpers compute it.</summary>
public static unsafe class Checksum
{
    /// <summary>
    /// <c>bpf_csum_diff</c>: the 32-bit one's-complement sum of <paramref name="to"/> minus that of
    /// <paramref name="from"/>, added to <paramref name="seed"/>. Sizes are multiples of 4, at most 512; either side may
    /// be empty. Negative (<c>-EINVAL</c>) for a bad size. Fold the result with <see cref="Fold"/>.
    /// </summary>
    public static long Diff(void* from, uint fromSize, void* to, uint toSize, uint seed)
    {
        if (fromSize % 4 != 0 || toSize % 4 != 0 || fromSize > 512 || toSize > 512)
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
