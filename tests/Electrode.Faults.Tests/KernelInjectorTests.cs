using BpfSharp;
using BpfSharp.Testing;
using Electrode.Faults.Control;
using Electrode.Faults.Namespaces;
using Electrode.Faults.Tests.Support;

namespace Electrode.Faults.Tests;

/// <summary>
/// The compiled electrode-faults.bpf.o in the kernel, through <c>BPF_PROG_TEST_RUN</c>. Runs that may clone go inside a
/// namespace of the test's own: a test run's packet is on the loopback device of the calling thread's namespace, and
/// that is where the clones go.
/// </summary>
public class KernelInjectorTests
{
    private const int Repetitions = 100_000;
    private static readonly FaultSettings Ports7000To7002 = new() { FirstPort = 7000, LastPort = 7002, Seed = 42 };

    [KernelFact]
    public void Over_100000_runs_drops_and_duplicates_are_within_bounds_and_exactly_what_the_CSharp_decides_on_each_CPU()
    {
        using var ns = NetworkNamespace.Create();
        using var injector = FaultInjectorObject.Load();
        var settings = Ports7000To7002 with { LossPpm = 50_000, DuplicatePpm = 20_000 };
        injector.Configure(settings);
        var frame = Datagrams.Udp(7000, 7001);

        var result = NamespaceThread.Run(ns.Name, () => injector.Program.TestRun(frame, repeat: Repetitions));

        var inKernel = injector.ReadCounters();
        Assert.Equal((ulong)Repetitions, inKernel.Seen);
        Assert.Equal(0ul, inKernel.CloneFailed);
        FaultInjectorTests.AssertWithinFiveSigma(inKernel.Dropped, Repetitions, 0.05);
        FaultInjectorTests.AssertWithinFiveSigma(inKernel.Duplicated, Repetitions, 0.02);
        Assert.Contains(result.ReturnValue, new[] { (uint)TcAction.Ok, (uint)TcAction.Shot });

        // A test run stays on one CPU unless the kernel reschedules it between repetitions; either way each CPU's
        // counters are the first Seen draws of that CPU's own stream, which the C# replays.
        var perCpu = injector.ReadCountersPerCpu();
        using var simulated = new SimulatedInjector((uint)perCpu.Length);
        simulated.Configure(settings);
        for (uint cpu = 0; cpu < perCpu.Length; cpu++)
        {
            simulated.RunRepeatedly(frame, (int)perCpu[cpu].Seen, cpu);
            var inProcess = simulated.Counters(cpu);
            Assert.Equal((inProcess.Dropped, inProcess.Duplicated), (perCpu[cpu].Dropped, perCpu[cpu].Duplicated));
        }
    }

    [KernelFact]
    public void Datagrams_outside_the_port_range_are_neither_touched_nor_counted()
    {
        using var injector = FaultInjectorObject.Load();
        injector.Configure(Ports7000To7002 with { LossPpm = FaultInjector.PartsPerMillion });
        var outside = Datagrams.Udp(6999, 7003, optionWords: 2);

        var result = injector.Program.TestRun(outside, repeat: 1000);

        Assert.Equal((uint)TcAction.Ok, result.ReturnValue);
        Assert.Equal(outside, result.DataOut);
        Assert.Equal(0ul, injector.ReadCounters().Seen);
        Assert.Equal((uint)TcAction.Shot, injector.Program.TestRun(Datagrams.Udp(6999, 7002, optionWords: 2)).ReturnValue);
    }

    [KernelFact]
    public void A_duplicated_datagram_leaves_unchanged_and_a_marked_clone_is_passed_without_a_second_duplicate()
    {
        using var ns = NetworkNamespace.Create();
        using var injector = FaultInjectorObject.Load();
        injector.Configure(Ports7000To7002 with { DuplicatePpm = FaultInjector.PartsPerMillion });
        var frame = Datagrams.Udp(7000, 7001, optionWords: 1);

        var original = NamespaceThread.Run(ns.Name, () => injector.Program.TestRun(frame));
        var clone = NamespaceThread.Run(ns.Name, () => injector.Program.TestRun(Datagrams.MarkedAsClone(frame)));

        Assert.Equal((uint)TcAction.Ok, original.ReturnValue);
        Assert.Equal(frame, original.DataOut);
        Assert.Equal((uint)TcAction.Ok, clone.ReturnValue);
        var counters = injector.ReadCounters();
        Assert.Equal((1ul, 1ul, 1ul), (counters.Seen, counters.Duplicated, counters.ClonesPassed));
    }
}
