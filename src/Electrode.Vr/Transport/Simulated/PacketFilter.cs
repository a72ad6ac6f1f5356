namespace Electrode.Vr.Transport.Simulated;

/// <summary>What a filter does to the packets it matches.</summary>
public enum FilterAction
{
    /// <summary>The packet is lost.</summary>
    Drop,

    /// <summary>The packet arrives a fixed time later.</summary>
    Delay,

    /// <summary>The packet arrives a random time later within a window, so later packets may overtake it.</summary>
    Reorder,

    /// <summary>The packet arrives more than once.</summary>
    Duplicate,
}

/// <summary>
/// A rule of the simulated network: packets that match (and win the seeded coin toss, when a probability
/// below one is given) are dropped, delayed, reordered or duplicated. Install with
/// <see cref="SimulatedNetwork.AddFilter"/>, remove with <see cref="SimulatedNetwork.RemoveFilter"/>.
/// </summary>
public sealed class PacketFilter
{
    private PacketFilter(FilterAction action, Func<PacketInfo, bool>? match, double probability, TimeSpan amount, int copies)
    {
        if (probability is < 0 or > 1 || double.IsNaN(probability))
            throw new ArgumentOutOfRangeException(nameof(probability), $"a probability lies in [0, 1], not {probability}");
        if (amount < TimeSpan.Zero)
            throw new ArgumentOutOfRangeException(nameof(amount), $"a delay cannot be negative ({amount})");
        if (copies < 0)
            throw new ArgumentOutOfRangeException(nameof(copies), $"extra copies cannot be negative ({copies})");
        Action = action;
        Match = match ?? (_ => true);
        Probability = probability;
        Amount = amount;
        ExtraCopies = copies;
    }

    /// <summary>What happens to a matching packet.</summary>
    public FilterAction Action { get; }

    /// <summary>Which packets the filter considers.</summary>
    public Func<PacketInfo, bool> Match { get; }

    /// <summary>Chance that a matching packet is affected.</summary>
    public double Probability { get; }

    /// <summary>The delay (<see cref="FilterAction.Delay"/>) or the window (<see cref="FilterAction.Reorder"/>).</summary>
    public TimeSpan Amount { get; }

    /// <summary>Extra copies delivered (<see cref="FilterAction.Duplicate"/>).</summary>
    public int ExtraCopies { get; }

    /// <summary>Drops matching packets (all packets when <paramref name="match"/> is null).</summary>
    public static PacketFilter Drop(Func<PacketInfo, bool>? match = null, double probability = 1) =>
        new(FilterAction.Drop, match, probability, TimeSpan.Zero, 0);

    /// <summary>Delays matching packets by <paramref name="delay"/>.</summary>
    public static PacketFilter Delay(TimeSpan delay, Func<PacketInfo, bool>? match = null, double probability = 1) =>
        new(FilterAction.Delay, match, probability, delay, 0);

    /// <summary>Delays matching packets by a uniformly random time in [0, <paramref name="window"/>], reordering them.</summary>
    public static PacketFilter Reorder(TimeSpan window, Func<PacketInfo, bool>? match = null, double probability = 1) =>
        new(FilterAction.Reorder, match, probability, window, 0);

    /// <summary>Delivers <paramref name="extraCopies"/> more copies of matching packets.</summary>
    public static PacketFilter Duplicate(int extraCopies = 1, Func<PacketInfo, bool>? match = null, double probability = 1) =>
        new(FilterAction.Duplicate, match, probability, TimeSpan.Zero, extraCopies);

    /// <summary>Drops everything sent to or by replica <paramref name="replica"/>: cuts it off the network.</summary>
    public static PacketFilter Isolate(int replica) => Drop(p => p.Involves(replica));
}
