using Electrode.Faults.Layout;

namespace Electrode.Faults.Control;

/// <summary>
/// What the injector should do: rates in parts per million of the UDP datagrams whose source or destination port lies in
/// <see cref="FirstPort"/>..<see cref="LastPort"/>, and the seed that makes a run reproducible. A datagram is dropped or
/// duplicated, never both, so the two rates together are at most one million.
/// </summary>
public sealed record FaultSettings
{
    /// <summary>Datagrams dropped, per million (0 to 1,000,000).</summary>
    public uint LossPpm { get; init; }

    /// <summary>Datagrams duplicated, per million (0 to 1,000,000 minus <see cref="LossPpm"/>).</summary>
    public uint DuplicatePpm { get; init; }

    /// <summary>Lowest port of the range (default 1).</summary>
    public ushort FirstPort { get; init; } = 1;

    /// <summary>Highest port of the range, inclusive (default 65535).</summary>
    public ushort LastPort { get; init; } = ushort.MaxValue;

    /// <summary>Seed of the random streams: the same seed replays the same decisions for the same datagrams on the same CPU.</summary>
    public ulong Seed { get; init; }

    /// <summary>The map value for these settings, as configuration number <paramref name="generation"/> (at least 1).</summary>
    /// <exception cref="ArgumentException">A rate above one million, the two rates above one million together, or an empty port range.</exception>
    public FaultConfig ToConfig(ulong generation)
    {
        ArgumentOutOfRangeException.ThrowIfZero(generation);
        if (LossPpm > FaultInjector.PartsPerMillion || DuplicatePpm > FaultInjector.PartsPerMillion - LossPpm)
            throw new ArgumentException(
                $"loss ({LossPpm} ppm) and duplication ({DuplicatePpm} ppm) together exceed 1,000,000 ppm: a datagram is dropped or duplicated, never both; lower one of them");
        if (FirstPort > LastPort)
            throw new ArgumentException($"the port range {FirstPort}..{LastPort} is empty: the first port must not exceed the last");
        return new FaultConfig
        {
            Seed = Seed,
            Generation = generation,
            LossPpm = LossPpm,
            DuplicatePpm = DuplicatePpm,
            FirstPort = FirstPort,
            LastPort = LastPort,
        };
    }
}
