using System.Collections.Concurrent;
using BpfSharp;
using BpfSharp.InProcess;
using BpfSharp.Testing;
using Electrode.Programs.Layout;
using Electrode.Programs.Tests.Support;

namespace Electrode.Programs.Tests;

/// <summary>
/// Quorum pruning in the kernel when PrepareOKs of one op are handled on several CPUs at once (as with one receive
/// queue per CPU): the votes are counted with an atomic OR, so exactly one certified PrepareOK goes up per op.
/// </summary>
public class ConcurrentVoteTests
{
    [KernelFact]
    public void Votes_fired_from_several_threads_certify_exactly_one_PrepareOk_per_op()
    {
        const int Replicas = 5, Rounds = 4, Ops = (int)QuorumSlot.Count;
        const ulong View = Replicas; // led by replica 0 (view mod replicas), like view 0
        using var kernel = new InProcessKernel();
        var node = ElectrodeNode.Configure(kernel, Replicas, me: 0, view: View, lastOp: 1);
        using var loaded = new KernelElectrode();
        loaded.CopyStateFrom(node, 1);
        // Every follower votes twice for every op, both forms: the second is a duplicate whatever the interleaving.
        var votes = Enumerable.Range(1, Replicas - 1)
            .Select(from => Enumerable.Range(0, Rounds * Ops)
                .Select(i => (Op: (ulong)(i + 1), Frames: new[]
                {
                    Packets.PrepareOk(node.Cluster, from, 0, View, (ulong)(i + 1)),
                    Packets.KernelPrepareOk(node.Cluster, from, 0, View, (ulong)(i + 1)),
                }))
                .ToArray())
            .ToArray();
        var certified = new int[Rounds * Ops + 1];
        var failures = new ConcurrentQueue<Exception>();

        for (int round = 0; round < Rounds; round++)
        {
            for (int i = 0; i < Ops; i++)
                loaded.SetSlot(new QuorumSlot { View = View, Op = (ulong)(round * Ops + i + 1), Voters = 1 });
            using var start = new Barrier(votes.Length);
            var threads = votes.Select(voter => new Thread(() =>
            {
                start.SignalAndWait();
                try
                {
                    foreach (var (op, frames) in voter.Skip(round * Ops).Take(Ops))
                        foreach (var frame in frames)
                        {
                            var result = loaded.Ingress(frame);
                            if (result.ReturnValue == (uint)XdpAction.Pass && Packets.Decode(result.DataOut).Info.Certified)
                                Interlocked.Increment(ref certified[op]);
                        }
                }
                catch (Exception e)
                {
                    failures.Enqueue(e);
                }
            })).ToList();
            threads.ForEach(t => t.Start());
            threads.ForEach(t => t.Join());
        }

        Assert.Empty(failures);
        Assert.Equal([], Enumerable.Range(1, Rounds * Ops).Where(op => certified[op] != 1).Select(op => (op, certified[op])).ToList());
        for (ulong op = (ulong)((Rounds - 1) * Ops + 1); op <= (ulong)(Rounds * Ops); op++)
            Assert.Equal(0b11111u, loaded.Slot(op).Voters);
    }
}
