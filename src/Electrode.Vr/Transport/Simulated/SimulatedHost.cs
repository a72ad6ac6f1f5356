namespace Electrode.Vr.Transport.Simulated;

/// <summary>One endpoint of the simulated network as the data plane sees it: its address, MAC and replica index.</summary>
/// <param name="ReplicaIndex">Index in the configuration, or null for a client.</param>
/// <param name="Address">IPv4 address and UDP port; a client's is synthesized.</param>
/// <param name="Mac">MAC of the endpoint's interface; configured for replicas or synthesized.</param>
public sealed record SimulatedHost(int? ReplicaIndex, EndpointAddress Address, byte[] Mac)
{
    /// <inheritdoc />
    public override string ToString() => ReplicaIndex is { } i ? $"replica {i} ({Address})" : $"client {Address}";
}
