using System.Numerics;

namespace Electrode.Cli.Client;

/// <summary>
/// A log-linear latency histogram in the style of HdrHistogram, at microsecond resolution: values below 128 µs
/// have a bucket each, larger values fall into 64 buckets per power of two (under 1.6% relative error), up to
/// one hour. Percentiles report the highest value of the bucket they fall in, capped at the largest value seen.
/// Not thread-safe.
/// </summary>
internal sealed class LatencyHistogram
{
    /// <summary>Largest value recorded exactly enough; larger values are recorded as this.</summary>
    public const long MaxMicroseconds = 3_600_000_000;

    private const int LinearLimit = 128;
    private const int SubBuckets = 64;
    private const int SubBucketBits = 6;

    private readonly long[] counts = new long[IndexOf(MaxMicroseconds) + 1];
    private long sum;

    /// <summary>Values recorded.</summary>
    public long Count { get; private set; }

    /// <summary>Smallest value recorded (0 when empty).</summary>
    public long Min { get; private set; }

    /// <summary>Largest value recorded (0 when empty).</summary>
    public long Max { get; private set; }

    /// <summary>Mean of the values recorded (0 when empty).</summary>
    public double Mean => Count == 0 ? 0 : (double)sum / Count;

    /// <summary>Records one latency; negative values count as 0, values above <see cref="MaxMicroseconds"/> as that.</summary>
    public void Record(long microseconds)
    {
        long value = Math.Clamp(microseconds, 0, MaxMicroseconds);
        counts[IndexOf(value)]++;
        Min = Count == 0 ? value : Math.Min(Min, value);
        Max = Math.Max(Max, value);
        sum += value;
        Count++;
    }

    /// <summary>
    /// The value at or below which <paramref name="percentile"/> percent of the recorded values lie (0 when empty).
    /// </summary>
    public long ValueAtPercentile(double percentile)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(percentile);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(percentile, 100);
        if (Count == 0)
            return 0;
        long rank = Math.Max(1, (long)Math.Ceiling(percentile / 100 * Count));
        long seen = 0;
        for (int i = 0; i < counts.Length; i++)
        {
            seen += counts[i];
            if (seen >= rank)
                return Math.Min(HighestValueOf(i), Max);
        }
        return Max;
    }

    private static int IndexOf(long value)
    {
        if (value < LinearLimit)
            return (int)value;
        int shift = 63 - BitOperations.LeadingZeroCount((ulong)value) - SubBucketBits;
        return LinearLimit + (shift - 1) * SubBuckets + (int)((value >> shift) - SubBuckets);
    }

    private static long HighestValueOf(int index)
    {
        if (index < LinearLimit)
            return index;
        int offset = index - LinearLimit;
        int shift = offset / SubBuckets + 1;
        long lowest = (long)(offset % SubBuckets + SubBuckets) << shift;
        return lowest + (1L << shift) - 1;
    }
}
