using Electrode.Vr.FastPath;
using Electrode.Vr.Transport.Simulated;

namespace Electrode.Vr.Tests.Scenarios;

/// <summary>
/// How the replicas of a scenario reach the data plane. Scenario theories take the variant's name as a
/// parameter; a new variant is one entry in <see cref="Names"/> and one case in <see cref="Create"/>.
/// </summary>
internal abstract class FastPathVariant
{
    /// <summary>Every variant the scenario theories run with.</summary>
    public static readonly string[] Names = ["none"];

    public static FastPathVariant Create(string name) => name switch
    {
        "none" => new NoFastPathVariant(),
        _ => throw new ArgumentException($"unknown fast-path variant '{name}'; known: {string.Join(", ", Names)}", nameof(name)),
    };

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
