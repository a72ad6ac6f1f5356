namespace Electrode.Cluster;

/// <summary>Where the kernel fast paths' XDP programs run.</summary>
public enum XdpMode
{
    /// <summary>Generic (SKB) mode: works on every device and needs nothing of the veth peer.</summary>
    Generic,

    /// <summary>Native (driver) mode: the bridge-side peer of each replica's veth runs an XDP_PASS program.</summary>
    Native,
}

/// <summary>
/// Which kernel fast paths a cluster runs, the one parameter every cluster run takes: <see cref="None"/> is pure
/// userspace VR; any other choice attaches the object in each replica's namespace with
/// <c>electrode attach &lt;iface&gt; -c &lt;cluster&gt; -i &lt;index&gt; --fast-paths &lt;paths&gt; --xdp-mode &lt;mode&gt;</c>
/// and starts the replicas with <c>--fast-path kernel --iface &lt;iface&gt;</c>.
/// </summary>
/// <param name="Paths">The <c>--fast-paths</c> value: <c>none</c>, <c>all</c>, or a comma-separated subset of
/// <c>broadcast</c>, <c>prune</c>, <c>reply</c>.</param>
/// <param name="Mode">Where the XDP programs run (ignored for <see cref="None"/>).</param>
/// <param name="Wakeups">The replicas' <c>--wakeups</c> value: <c>batched</c> or <c>every-record</c> (ignored for
/// <see cref="None"/>).</param>
/// <param name="Scheduling">The replicas' <c>--follower-scheduling</c> value: <c>idle</c> or <c>normal</c> (ignored for
/// <see cref="None"/>).</param>
public sealed record FastPathChoice(string Paths, XdpMode Mode = XdpMode.Generic, string Wakeups = FastPathChoice.BatchedWakeups,
    string Scheduling = FastPathChoice.IdleScheduling)
{
    /// <summary>The default <see cref="Wakeups"/>: the kernel wakes a follower for a backlog, the follower polls.</summary>
    public const string BatchedWakeups = "batched";

    /// <summary>The kernel wakes a follower for every answered Prepare that finds it idle.</summary>
    public const string EveryRecordWakeups = "every-record";

    /// <summary>The default <see cref="Scheduling"/>: a follower the kernel answers for runs its loop under SCHED_IDLE.</summary>
    public const string IdleScheduling = "idle";

    /// <summary>Followers' loops scheduled as any thread.</summary>
    public const string NormalScheduling = "normal";

    /// <summary>The single paths and their union, in the order benchmarks and tables show them.</summary>
    public static readonly IReadOnlyList<string> KnownPaths = ["none", "broadcast", "prune", "reply", "all"];

    /// <summary>No fast path: pure userspace VR.</summary>
    public static FastPathChoice None { get; } = new("none");

    /// <summary>All three fast paths in <paramref name="mode"/>.</summary>
    public static FastPathChoice All(XdpMode mode) => new("all", mode);

    /// <summary>Whether the kernel object is attached at all.</summary>
    public bool UsesKernel => Paths != "none";

    /// <summary>Whether the fast reply runs: the one path that sends with XDP_TX (a veth peer must accept its frames).</summary>
    public bool SendsWithXdpTx => Paths == "all" || Paths.Split(',').Contains("reply");

    /// <summary>
    /// Reads a <c>--fast-paths</c> value (<c>none</c>, <c>all</c>, or a comma-separated subset of the single paths),
    /// optionally followed by <c>@batched</c> or <c>@every-record</c> for the replicas' wake-ups and <c>@idle</c> or
    /// <c>@normal</c> for their followers' scheduling.
    /// </summary>
    /// <exception cref="ArgumentException">A name that is not a fast path, or an unknown wake-up or scheduling choice.</exception>
    public static FastPathChoice Parse(string paths, XdpMode mode = XdpMode.Generic)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(paths);
        string wakeups = BatchedWakeups;
        string scheduling = IdleScheduling;
        string[] modifiers = paths.Split('@', StringSplitOptions.TrimEntries);
        foreach (string modifier in modifiers[1..])
        {
            if (modifier is BatchedWakeups or EveryRecordWakeups)
                wakeups = modifier;
            else if (modifier is IdleScheduling or NormalScheduling)
                scheduling = modifier;
            else
                throw new ArgumentException($"'{modifier}' is neither a wake-up choice (@{BatchedWakeups}, @{EveryRecordWakeups}) " +
                                            $"nor a scheduling choice (@{IdleScheduling}, @{NormalScheduling})");
        }
        paths = modifiers[0];
        var names = paths.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        foreach (var name in names)
        {
            if (!KnownPaths.Contains(name))
                throw new ArgumentException($"'{name}' is not a fast path: use none, all, or any of broadcast, prune, reply separated by commas");
        }
        if (names.Length > 1 && names.Any(n => n is "none" or "all"))
            throw new ArgumentException($"'{paths}': none and all stand alone, they do not combine with other paths");
        return new FastPathChoice(string.Join(',', names), mode, wakeups, scheduling);
    }

    /// <summary>The <c>--xdp-mode</c> value.</summary>
    public string XdpModeName => Mode == XdpMode.Native ? "native" : "generic";

    /// <summary>
    /// How tables and file names show this choice: <c>none</c>, or the paths and the mode (<c>all/generic</c>), with the
    /// wake-ups and the scheduling when they are not the default (<c>all@every-record/native</c>, <c>all@normal/native</c>).
    /// </summary>
    public override string ToString() => !UsesKernel
        ? Paths
        : Paths + (Wakeups == BatchedWakeups ? "" : "@" + Wakeups) + (Scheduling == IdleScheduling ? "" : "@" + Scheduling) + "/" + XdpModeName;
}
