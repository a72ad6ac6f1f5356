using Electrode.Vr.FastPath;
using Electrode.Vr.Transport.Simulated;

namespace Electrode.Vr.Tests.Scenarios;

/// <summary>
/// How the replicas of a scenario reach the data plane. Scenario theories take the variant's name as a
/// parameter; a new variant is one entry in <see cref="Variants"/>.
/// </summary>
internal abstract class FastPathVariant
{
    private static readonly Dictionary<string, Func<FastPathVariant>> Variants = new()
    {
        ["none"] = () => new NoFastPathVariant(),
        ["simulated"] = () => new FastPath.SimulatedFastPathVariant(),
    };

    /// <summary>Every variant the scenario theories run with.</summary>
    public static IEnumerable<string> Names => Variants.Keys;

    public static FastPathVariant Create(string name) =>
        Variants.TryGetValue(name, out var create)
            ? create()
            : throw new ArgumentException($"unknown fast-path variant '{name}'; known: {string.Join(", ", Names)}", nameof(name));

    /// <summary>Installs the variant's data plane on the network, before any traffic.</summary>
    public abstract void Attach(SimulatedNetwork network);

    /// <summary>The fast path of (an incarnation of) replica <paramref name="index"/>.</summary>
    public abstract IFastPath ForReplica(int index);

    private sealed class NoFastPathVariant : FastPathVariant
    {
        public override void Attach(SimulatedNetwork network)
        {
        }

        public override IFastPath ForReplica(int index) => new NoFastPath();
    }
}
