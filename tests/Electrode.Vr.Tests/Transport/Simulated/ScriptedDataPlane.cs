using System.Buffers.Binary;
using Electrode.Programs.Wire;
using Electrode.Vr.Transport.Simulated;
using Electrode.Vr.Wire;

namespace Electrode.Vr.Tests.Transport.Simulated;

/// <summary>
/// A stand-in for kernel fast paths, working on raw frames as they would: a broadcast expansion on egress
/// and configurable ingress behaviour. Records what it saw.
/// </summary>
internal sealed class ScriptedDataPlane(bool supportsBroadcast) : ISimulatedDataPlane
{
    public SimulatedNetwork? Network { get; set; }

    public List<(SimulatedHost Host, byte[] Frame)> EgressSeen { get; } = new();

    public Func<SimulatedHost, byte[], IngressDecision> OnIngress { get; set; } = (_, frame) => IngressDecision.Pass(frame);

    public bool SupportsBroadcast => supportsBroadcast;

    public void Egress(SimulatedHost host, byte[] frame, ICollection<byte[]> output)
    {
        EgressSeen.Add((host, (byte[])frame.Clone()));
        Assert.True(UdpFrame.TryParse(frame, out var info, out _));
        var payload = frame.AsSpan(info.PayloadOffset, info.PayloadLength).ToArray();
        int word0At = FastHeaderWord0Offset(payload);
        if (word0At < 0 || (BinaryPrimitives.ReadUInt32LittleEndian(payload.AsSpan(word0At)) & FastHeader.Broadcast) == 0)
        {
            output.Add(frame);
            return;
        }
        BinaryPrimitives.WriteUInt32LittleEndian(payload.AsSpan(word0At),
            BinaryPrimitives.ReadUInt32LittleEndian(payload.AsSpan(word0At)) & ~FastHeader.Broadcast);
        for (int i = 0; i < Network!.Configuration.Count; i++)
        {
            if (i == host.ReplicaIndex)
                continue;
            var target = Network.ReplicaHost(i);
            output.Add(UdpFrame.Build(host.Mac, target.Mac, info.Source, target.Address, payload));
        }
    }

    public IngressDecision Ingress(SimulatedHost host, byte[] frame) => OnIngress(host, frame);

    /// <summary>Offset of fast-header word 0 in a whole datagram, or -1 for a fragment or garbage.</summary>
    public static int FastHeaderWord0Offset(ReadOnlySpan<byte> payload)
    {
        if (payload.Length < DatagramLayout.PrefixSize || BinaryPrimitives.ReadUInt32LittleEndian(payload) != WireConstants.Magic)
            return -1;
        return DatagramLayout.PrefixSize + (int)BinaryPrimitives.ReadUInt64LittleEndian(payload[4..]);
    }
}
