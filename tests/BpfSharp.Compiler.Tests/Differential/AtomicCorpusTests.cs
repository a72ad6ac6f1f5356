using BpfSharp.Compiler.Tests.Corpus;
using BpfSharp.Loader;
using BpfSharp.Testing;

namespace BpfSharp.Compiler.Tests.Differential;

/// <summary>
/// Interlocked in the kernel (BPF atomic instructions) and in-process (.NET's Interlocked): the same results one run at
/// a time, and no lost update when several threads run the program at once.
/// </summary>
public class AtomicCorpusTests
{
    private static byte[] Request(byte operation, ulong operand, ulong comparand = 0)
    {
        byte[] packet = new byte[40];
        packet[14] = operation;
        BitConverter.TryWriteBytes(packet.AsSpan(15), operand);
        BitConverter.TryWriteBytes(packet.AsSpan(23), comparand);
        return packet;
    }

    [KernelFact]
    public void Every_operation_at_every_width_returns_and_stores_the_same_values()
    {
        using var harness = DifferentialHarness.Load("Atomics.cs", typeof(Atomics));
        ulong[] operands = [0, 1, 5, 0x7fffffff, 0x80000000, 0xffffffff, 0x1_0000_0001, 0x8000_0000_0000_0000, ulong.MaxValue, 0x0f0f_f0f0_1234_5678];
        foreach (ulong operand in operands)
        {
            for (byte operation = 0; operation <= AtomicRequest.Operations; operation++)
                harness.RunXdp(Atomics.Apply, Request(operation, operand, comparand: operand ^ 1));
            // A comparand equal to the current value: CompareExchange stores.
            var current = harness.Kernel.Map(Atomics.Cells).Lookup(0)!.Value;
            harness.RunXdp(Atomics.Apply, Request(4, operand, comparand: (ulong)current.Long));
        }
    }

    [KernelFact]
    public void Results_are_those_of_Interlocked()
    {
        using var harness = DifferentialHarness.Load("Atomics.cs", typeof(Atomics));
        harness.SetArray(Atomics.Cells, 0, new AtomicCells { Int = 10, UInt = 10, Long = 10, ULong = 10 });

        harness.RunXdp(Atomics.Apply, Request(0, 5));
        harness.RunXdp(Atomics.Apply, Request(1, 0));
        harness.RunXdp(Atomics.Apply, Request(2, 0));
        harness.RunXdp(Atomics.Apply, Request(3, 100));
        harness.RunXdp(Atomics.Apply, Request(4, 7, comparand: 100));
        harness.RunXdp(Atomics.Apply, Request(5, 0x30));
        harness.RunXdp(Atomics.Apply, Request(6, 0x21));

        var results = harness.Kernel.Map(Atomics.Results).ToArray().Select(r => r.ULong).ToArray();
        // Add, Increment and Decrement give the new value; the others the old one.
        Assert.Equal([15ul, 16, 15, 15, 100, 7, 0x37], results);
        Assert.Equal(new AtomicCells { Int = 0x21, UInt = 0x21, Long = 0x21, ULong = 0x21 }, harness.Kernel.Map(Atomics.Cells).Lookup(0));
    }

    [KernelFact]
    public void Counting_from_several_threads_at_once_loses_no_update()
    {
        const int Threads = 4, Calls = 20, Repeat = 25_000;
        using var harness = DifferentialHarness.Load("Atomics.cs", typeof(Atomics));
        var program = harness.Loaded.Program(nameof(Atomics.Tick));
        var packet = new byte[64];

        RunTogether(Threads, _ =>
        {
            for (int call = 0; call < Calls; call++)
                Assert.Equal((uint)XdpAction.Pass, program.TestRun(packet, repeat: Repeat).ReturnValue);
        });

        Assert.True(harness.Loaded.Map(nameof(Atomics.Ticks)).TryLookup(0u, out AtomicCells ticks));
        const long Runs = (long)Threads * Calls * Repeat;
        Assert.Equal(new AtomicCells { Int = (int)Runs, UInt = (uint)Runs, Long = Runs, ULong = 2 * (ulong)Runs }, ticks);
    }

    [KernelFact]
    public void Votes_by_atomic_or_from_several_threads_complete_each_slot_exactly_once()
    {
        const int Threads = 4, Rounds = 25;
        using var harness = DifferentialHarness.Load("Atomics.cs", typeof(Atomics));
        var program = harness.Loaded.Program(nameof(Atomics.Vote));
        var votes = harness.Loaded.Map(nameof(Atomics.Votes));
        long passed = 0;
        for (int round = 0; round < Rounds; round++)
        {
            for (uint slot = 0; slot < Atomics.VoteSlots; slot++) votes.Update(slot, 0u);
            RunTogether(Threads, voter =>
            {
                var packet = new byte[64];
                packet[14] = (1 << Threads) - 1;
                packet[15] = (byte)voter;
                for (int slot = 0; slot < Atomics.VoteSlots; slot++)
                {
                    packet[16] = (byte)slot;
                    packet[17] = (byte)(slot >> 8);
                    // Every voter votes twice: the second is a duplicate, dropped by the fetched old value.
                    for (int again = 0; again < 2; again++)
                        if (program.TestRun(packet).ReturnValue == (uint)XdpAction.Pass) Interlocked.Increment(ref passed);
                }
            });
        }

        const long Completions = (long)Rounds * Atomics.VoteSlots;
        Assert.Equal(Completions, passed);
        Assert.True(votes.TryLookup(Atomics.VoteSlots, out uint completed));
        Assert.Equal((uint)Completions, completed);
    }

    /// <summary>Runs <paramref name="body"/> on <paramref name="threads"/> threads released together, and waits for all.</summary>
    private static void RunTogether(int threads, Action<int> body)
    {
        using var start = new Barrier(threads);
        var failures = new System.Collections.Concurrent.ConcurrentQueue<Exception>();
        var workers = Enumerable.Range(0, threads).Select(i => new Thread(() =>
        {
            start.SignalAndWait();
            try
            {
                body(i);
            }
            catch (Exception e)
            {
                failures.Enqueue(e);
            }
        })).ToList();
        foreach (var worker in workers) worker.Start();
        foreach (var worker in workers) worker.Join();
        Assert.Empty(failures);
    }
}
