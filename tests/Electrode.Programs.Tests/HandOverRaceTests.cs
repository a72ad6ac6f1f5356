using System.Collections.Concurrent;
using System.Diagnostics;
using BpfSharp;
using BpfSharp.InProcess;
using BpfSharp.Loader;
using BpfSharp.Testing;
using Electrode.Programs.Counting;
using Electrode.Programs.Layout;
using Electrode.Programs.Maps;
using Electrode.Programs.Tests.Support;
using Electrode.Vr.FastPath;
using Electrode.Vr.FastPath.ProgramMaps;
using Electrode.Vr.Messages;
using Electrode.Vr.Replica;

namespace Electrode.Programs.Tests;

/// <summary>
/// The hand-over race in the real kernel: threads answer Prepares with <c>ReplyToPrepare</c> (BPF_PROG_TEST_RUN on the
/// loaded electrode.bpf.o) while another thread seals and unseals the control word as a replica does around a view
/// change, draining the ring buffer as it goes. Once a seal is in place, every Prepare the kernel answered with
/// <c>XDP_TX</c> must already have been drained: a record still in the ring then is an acknowledgement the replica's
/// log would miss in its DoViewChange.
/// </summary>
public sealed class HandOverRaceTests
{
    private const int Follower = 1;
    private const int Leader = 0;
    private const ulong View = 3;
    private const int MaxOps = 120_000;
    private static readonly TimeSpan TimeBound = TimeSpan.FromSeconds(90);

    [KernelFact]
    public void Every_Prepare_the_kernel_answered_is_drained_before_each_seal_in_100000_tries()
    {
        using var race = new Race();

        var outcome = race.Run(tries: 100_000, byExchange: true);

        Assert.True(outcome.Tries >= 100_000, $"only {outcome.Tries} tries within {TimeBound}");
        Assert.True(outcome.Seals > 100, $"only {outcome.Seals} seals");
        Assert.True(outcome.Answered.Count > 1000, $"only {outcome.Answered.Count} Prepares answered");
        Assert.Equal(0, outcome.DrainedWhileSealed);
        Assert.Equal(outcome.Answered.Order(), outcome.Drained.Order());
        Console.WriteLine($"hand-over race: {outcome.Tries} tries, {outcome.Seals} seals, {outcome.Answered.Count} answered, {outcome.LostRaces} lost exchanges");
    }

    [KernelFact]
    public void A_seal_written_without_the_exchange_is_caught_leaving_answered_Prepares_out_of_the_log()
    {
        using var race = new Race();

        var outcome = race.Run(tries: 200_000, byExchange: false, stopAtFirstEscape: true);

        Assert.True(outcome.DrainedWhileSealed > 0,
            $"{outcome.Tries} tries and {outcome.Seals} plain seals never let an answered Prepare escape the drain");
    }

    private sealed class Race : IDisposable
    {
        private readonly ElectrodeSkeleton loaded;
        private readonly BpfMappedArray<ControlState> control;
        private readonly BpfRingBuffer ring;
        private readonly ControlWordExchange exchange;
        private readonly HandOverReader reader;
        private readonly byte[][] prepares = new byte[MaxOps + 1][];
        private readonly List<ulong> drained = [];
        private readonly Func<Action<PrepareMessage>, int> consumeAvailable;
        private readonly Action<PrepareMessage> appendToLog;
        private ulong logEnd;
        private bool sealedNow;
        private int drainedWhileSealed;
        private int passedInConsume;

        public Race()
        {
            using var kernel = new InProcessKernel();
            var node = ElectrodeNode.Configure(kernel, 3, me: Follower, view: View, lastOp: 0);
            for (int op = 1; op <= MaxOps; op++)
                prepares[op] = Packets.Prepare(node.Cluster, Leader, Follower, View, (ulong)op, (ulong)op, requestBytes: 8);

            loaded = ElectrodeSkeleton.Load();
            var replicas = kernel.Map(ElectrodeMaps.Replicas).ToArray();
            for (uint i = 0; i < replicas.Length; i++)
                loaded.Maps.Replicas[i] = replicas[i];
            control = loaded.Maps.Control.Handle.MapArray<ControlState>();
            unsafe
            {
                exchange = new ControlWordExchange(control.Pointer(0));
            }
            reader = new HandOverReader(exchange, TimeSpan.FromSeconds(1));
            ring = loaded.Maps.Prepared.OpenReader(OnRecord);
            consumeAvailable = ConsumeAvailable;
            appendToLog = prepare =>
            {
                drained.Add(prepare.Opnum);
                logEnd = Math.Max(logEnd, prepare.Opnum);
            };
            Assert.True(exchange.TryPublish(Entry(ReplicaStatus.Normal)));
        }

        private ControlState Entry(ReplicaStatus status) =>
            KernelControlState.From(new ReplicaState(status, View, logEnd, 0, Follower, 3, 2), FastPaths.All);

        /// <summary>Seals as the replica does: exchange, and on failure drain up to the kernel's word and exchange again.</summary>
        private void SealByExchange()
        {
            while (!exchange.TryPublish(Entry(ReplicaStatus.ViewChange)))
                reader.Drain(consumeAvailable, appendToLog);
        }

        private void UnsealByExchange() => Assert.True(exchange.TryPublish(Entry(ReplicaStatus.Normal)), "the kernel moved a sealed word");

        /// <summary>
        /// Seals as the replica did before the exchange: drain, then store the non-normal word. The spin between them
        /// stands for a preemption there, which widens the window the kernel slips through enough to hit it in the
        /// test's tries.
        /// </summary>
        private unsafe void SealByPlainStore()
        {
            ConsumeAvailable(appendToLog);
            Thread.SpinWait(200);
            Volatile.Write(ref control.Pointer(0)->Word, Entry(ReplicaStatus.ViewChange).Word);
        }

        private unsafe void UnsealByPlainStore() => Volatile.Write(ref control.Pointer(0)->Word, Entry(ReplicaStatus.Normal).Word);

        public RaceOutcome Run(int tries, bool byExchange, bool stopAtFirstEscape = false)
        {
            Action seal = byExchange ? SealByExchange : SealByPlainStore;
            Action unseal = byExchange ? UnsealByExchange : UnsealByPlainStore;
            var answered = new ConcurrentBag<ulong>();
            var failures = new ConcurrentQueue<Exception>();
            int triesMade = 0, seals = 0;
            var stopwatch = Stopwatch.StartNew();
            bool Finished() => Volatile.Read(ref triesMade) >= tries || stopwatch.Elapsed > TimeBound
                || (stopAtFirstEscape && Volatile.Read(ref drainedWhileSealed) > 0);

            var senders = Enumerable.Range(0, 2).Select(_ => new Thread(() =>
            {
                try
                {
                    var program = loaded.Programs.ReplyToPrepare;
                    while (!Finished())
                    {
                        ulong next = ControlWord.LastOpOf(Volatile.Read(ref control[0].Word)) + 1;
                        if (next > MaxOps)
                            break;
                        Interlocked.Increment(ref triesMade);
                        if (program.TestRun(prepares[next]).ReturnValue == (uint)XdpAction.Tx)
                            answered.Add(next);
                    }
                }
                catch (Exception e)
                {
                    failures.Enqueue(e);
                }
            })).ToList();
            senders.ForEach(t => t.Start());
            try
            {
                while (senders.Any(t => t.IsAlive))
                {
                    reader.Drain(consumeAvailable, appendToLog);
                    seal();
                    seals++;
                    // Sealed: the replica would now send its DoViewChange with the log it has. Anything still in the
                    // ring was acknowledged in its name and is missing from that log.
                    sealedNow = true;
                    ConsumeAvailable(appendToLog);
                    sealedNow = false;
                    unseal();
                }
            }
            finally
            {
                senders.ForEach(t => t.Join());
            }
            ConsumeAvailable(appendToLog);
            Assert.Empty(failures);
            return new RaceOutcome(triesMade, seals, answered.ToList(), drained.ToList(), drainedWhileSealed, LostRaces());
        }

        private int ConsumeAvailable(Action<PrepareMessage> append)
        {
            passedInConsume = 0;
            ring.Consume();
            return passedInConsume;
        }

        private void OnRecord(ReadOnlySpan<byte> record)
        {
            if (sealedNow)
                drainedWhileSealed++;
            passedInConsume += reader.Take(record, appendToLog);
        }

        private unsafe ulong LostRaces()
        {
            var perCpu = loaded.Maps.Counters.Lookup((uint)ElectrodeProgram.FastReply);
            ulong sum = 0;
            foreach (var counters in perCpu)
                sum += counters.ByReason[(int)Reason.LostRace];
            return sum;
        }

        public void Dispose()
        {
            ring.Dispose();
            control.Dispose();
            loaded.Dispose();
        }
    }

    private sealed record RaceOutcome(int Tries, int Seals, List<ulong> Answered, List<ulong> Drained, int DrainedWhileSealed, ulong LostRaces);
}
