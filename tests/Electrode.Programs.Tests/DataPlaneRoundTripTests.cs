using BpfSharp;
using BpfSharp.InProcess;
using Electrode.Programs.Tests.Support;
using Electrode.Vr.Messages;

namespace Electrode.Programs.Tests;

/// <summary>The three fast paths together, one kernel per replica, frames carried by hand from one to the next.</summary>
public class DataPlaneRoundTripTests
{
    [Theory]
    [InlineData(3)]
    [InlineData(5)]
    [InlineData(7)]
    public void One_broadcast_prepare_comes_back_as_exactly_one_certified_PrepareOk(int replicas)
    {
        var kernels = Enumerable.Range(0, replicas).Select(_ => new InProcessKernel()).ToArray();
        try
        {
            var nodes = Enumerable.Range(0, replicas)
                .Select(i => ElectrodeNode.Configure(kernels[i], replicas, me: i, view: 0, lastOp: 20))
                .ToArray();
            var leader = nodes[0];
            var sent = leader.Egress(Packets.Prepare(leader.Cluster, 0, to: 1, view: 0, batchStart: 21, lastOp: 28, broadcast: true));

            var toFollowers = sent.Emitted.Select(e => e.Bytes).Append(sent.Packet).ToList();
            Assert.Equal(replicas - 1, toFollowers.Count);
            var replies = new List<byte[]>();
            foreach (var frame in toFollowers)
            {
                int follower = Array.IndexOf(leader.Cluster.Endpoints, Packets.Addresses(frame).Destination);
                var answered = nodes[follower].Ingress(frame);
                Assert.Equal(XdpAction.Tx, answered.Action);
                Assert.Single(answered.RingRecords);
                Assert.Equal(28ul, nodes[follower].State.LastOp);
                replies.Add(answered.Packet);
            }

            var verdicts = replies.Select(leader.Ingress).ToList();
            var passed = Assert.Single(verdicts, v => v.Action == XdpAction.Pass);
            Assert.All(verdicts.Where(v => v != passed), v => Assert.Equal(XdpAction.Drop, v.Action));
            Assert.Equal((replicas - 1) / 2 - 1, verdicts.IndexOf(passed));
            var certified = Packets.Decode(passed.Packet);
            Assert.True(certified.Info.Certified);
            Assert.True(certified.Info.KernelBuilt);
            Assert.Equal(28ul, ((PrepareOKMessage)certified.Message!).Opnum);
        }
        finally
        {
            foreach (var kernel in kernels)
                kernel.Dispose();
        }
    }
}
