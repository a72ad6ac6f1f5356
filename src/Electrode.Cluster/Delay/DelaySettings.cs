namespace Electrode.Cluster.Delay;

/// <summary>
/// How long a <see cref="PacketDelayer"/> holds each datagram: a time drawn uniformly between <see cref="Minimum"/> and
/// <see cref="Maximum"/>, so datagrams sent close together leave in another order when the range is wide.
/// </summary>
public sealed record DelaySettings
{
    /// <summary>The shortest hold.</summary>
    public TimeSpan Minimum { get; init; }

    /// <summary>The longest hold.</summary>
    public TimeSpan Maximum { get; init; } = TimeSpan.FromMilliseconds(5);

    /// <summary>Seed of the draws.</summary>
    public int Seed { get; init; } = 1;

    /// <summary>The NFQUEUE number used in each namespace (queues are per namespace).</summary>
    public ushort QueueNumber { get; init; } = 7;

    /// <summary>Checks the range.</summary>
    /// <exception cref="ArgumentException">A negative time, a minimum above the maximum, or a maximum above one second.</exception>
    public void Validate()
    {
        if (Minimum < TimeSpan.Zero || Minimum > Maximum)
            throw new ArgumentException($"delay range {Minimum.TotalMilliseconds}..{Maximum.TotalMilliseconds} ms is empty or negative");
        if (Maximum > TimeSpan.FromSeconds(1))
            throw new ArgumentException($"a delay of {Maximum.TotalMilliseconds} ms holds more datagrams than a queue should; stay at or below 1000 ms");
    }
}
