namespace BpfSharp.Differential;

/// <summary>
/// A little-endian u64 written from <c>bpf_ktime_get_ns</c>, which differs between the two sides by construction: the
/// kernel reads its monotonic clock, the in-process kernel its virtual <see cref="InProcess.InProcessKernel.NowNanoseconds"/>,
/// which the tester sets to the monotonic clock before each run. The rule: both sides agree on the field when their
/// values are equal, or when both are monotonic times taken while the tester existed (from its creation to the
/// comparison). Every other byte around the field is compared exactly.
/// </summary>
public sealed record TimeField
{
    private TimeField(string? map, int offset)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        Map = map;
        Offset = offset;
    }

    /// <summary>The map whose values hold the field, or null for the packet.</summary>
    public string? Map { get; }

    /// <summary>Byte offset of the field in the packet, or in each value of <see cref="Map"/>.</summary>
    public int Offset { get; }

    /// <summary>A time at <paramref name="offset"/> of the output packet.</summary>
    public static TimeField InPacket(int offset) => new(null, offset);

    /// <summary>A time at <paramref name="offset"/> of every value of the map named <paramref name="map"/>.</summary>
    public static TimeField InMapValue(string map, int offset)
    {
        ArgumentException.ThrowIfNullOrEmpty(map);
        return new(map, offset);
    }
}
