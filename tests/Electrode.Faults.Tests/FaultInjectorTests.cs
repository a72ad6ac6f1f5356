using BpfSharp;
using Electrode.Faults.Control;
using Electrode.Faults.Tests.Support;

namespace Electrode.Faults.Tests;

/// <summary>The injector's C# run in-process on crafted datagrams.</summary>
public class FaultInjectorTests
{
    private static readonly FaultSettings Ports7000To7002 = new() { FirstPort = 7000, LastPort = 7002, Seed = 42 };

    [Fact]
    public void An_unconfigured_injector_passes_everything_and_counts_nothing()
    {
        using var injector = new SimulatedInjector();

        var result = injector.Run(Datagrams.Udp(7000, 7001));

        Assert.Equal(TcAction.Ok, result.Action);
        Assert.Equal(0ul, injector.Counters().Seen);
    }

    [Theory]
    [InlineData(7000, 40000, true)]
    [InlineData(40000, 7002, true)]
    [InlineData(6999, 7003, false)]
    [InlineData(40000, 40001, false)]
    public void Only_datagrams_with_a_port_in_the_range_are_subject_to_faults(ushort source, ushort destination, bool inRange)
    {
        using var injector = new SimulatedInjector();
        injector.Configure(Ports7000To7002 with { LossPpm = FaultInjector.PartsPerMillion });

        var result = injector.Run(Datagrams.Udp(source, destination));

        Assert.Equal(inRange ? TcAction.Shot : TcAction.Ok, result.Action);
        Assert.Equal(inRange ? 1ul : 0ul, injector.Counters().Seen);
    }

    [Fact]
    public void The_UDP_header_is_found_behind_IP_options()
    {
        using var injector = new SimulatedInjector();
        injector.Configure(Ports7000To7002 with { LossPpm = FaultInjector.PartsPerMillion });

        Assert.Equal(TcAction.Shot, injector.Run(Datagrams.Udp(7000, 40000, optionWords: 10)).Action);
        Assert.Equal(TcAction.Ok, injector.Run(Datagrams.Udp(40000, 40000, optionWords: 10)).Action);
    }

    [Fact]
    public void A_later_fragment_passes_because_its_ports_are_unknown_and_a_first_fragment_draws()
    {
        using var injector = new SimulatedInjector();
        injector.Configure(Ports7000To7002 with { LossPpm = FaultInjector.PartsPerMillion });

        Assert.Equal(TcAction.Ok, injector.Run(Datagrams.Udp(7000, 7000, flagsAndOffset: 0x00b9)).Action);
        Assert.Equal(TcAction.Shot, injector.Run(Datagrams.Udp(7000, 7000, flagsAndOffset: 0x2000)).Action);
        Assert.Equal(1ul, injector.Counters().Seen);
    }

    [Fact]
    public void Over_100000_datagrams_the_drop_rate_is_within_five_standard_deviations_of_the_configured_rate()
    {
        const int Datagrams = 100_000;
        const double Rate = 0.05;
        using var injector = new SimulatedInjector();
        injector.Configure(Ports7000To7002 with { LossPpm = 50_000, DuplicatePpm = 20_000 });

        injector.RunRepeatedly(Support.Datagrams.Udp(7000, 7001), Datagrams);

        var counters = injector.Counters();
        Assert.Equal((ulong)Datagrams, counters.Seen);
        AssertWithinFiveSigma(counters.Dropped, Datagrams, Rate);
        AssertWithinFiveSigma(counters.Duplicated, Datagrams, 0.02);
    }

    [Fact]
    public void A_duplicate_is_a_marked_clone_out_of_the_same_interface_and_the_original_leaves_unchanged()
    {
        using var injector = new SimulatedInjector();
        injector.Configure(Ports7000To7002 with { DuplicatePpm = FaultInjector.PartsPerMillion });
        var frame = Datagrams.Udp(7000, 7001);

        var result = injector.Run(frame);

        Assert.Equal(TcAction.Ok, result.Action);
        Assert.Equal(frame, result.Packet);
        var clone = Assert.Single(result.Emitted);
        Assert.Equal(1u, clone.Ifindex);
        Assert.False(clone.Ingress);
        Assert.Equal(Datagrams.MarkedAsClone(frame), clone.Bytes);
        Assert.True(Datagrams.HeaderChecksumIsValid(clone.Bytes));
        Assert.Equal(1ul, injector.Counters().Duplicated);
    }

    [Fact]
    public void A_clone_coming_back_through_the_program_is_neither_duplicated_again_nor_dropped()
    {
        using var injector = new SimulatedInjector();
        injector.Configure(Ports7000To7002 with { DuplicatePpm = FaultInjector.PartsPerMillion });
        var clone = Assert.Single(injector.Run(Datagrams.Udp(7000, 7001, optionWords: 3)).Emitted).Bytes;
        injector.Configure(Ports7000To7002 with { LossPpm = 500_000, DuplicatePpm = 500_000 });

        for (int i = 0; i < 100; i++)
        {
            var again = injector.Run(clone);
            Assert.Equal(TcAction.Ok, again.Action);
            Assert.Empty(again.Emitted);
        }

        var counters = injector.Counters();
        Assert.Equal((1ul, 1ul, 100ul), (counters.Seen, counters.Duplicated, counters.ClonesPassed));
    }

    [Fact]
    public void The_same_seed_replays_the_same_decisions_and_each_configuration_restarts_the_stream()
    {
        using var injector = new SimulatedInjector();
        var settings = Ports7000To7002 with { LossPpm = 300_000, DuplicatePpm = 300_000 };
        var frame = Datagrams.Udp(7000, 7001);

        injector.Configure(settings);
        var first = Decisions(injector, frame);
        injector.Configure(settings);
        var replayed = Decisions(injector, frame);
        injector.Configure(settings with { Seed = 43 });
        var otherSeed = Decisions(injector, frame);

        Assert.Equal(first, replayed);
        Assert.NotEqual(first, otherSeed);
        Assert.Contains("drop", first);
        Assert.Contains("duplicate", first);
        Assert.Contains("pass", first);
    }

    [Fact]
    public void Each_CPU_draws_from_its_own_stream()
    {
        using var injector = new SimulatedInjector(cpuCount: 2);
        injector.Configure(Ports7000To7002 with { LossPpm = 500_000 });
        var frame = Datagrams.Udp(7000, 7001);

        injector.Kernel.CurrentCpu = 0;
        var cpu0 = Decisions(injector, frame);
        injector.Kernel.CurrentCpu = 1;
        var cpu1 = Decisions(injector, frame);

        Assert.NotEqual(cpu0, cpu1);
    }

    private static List<string> Decisions(SimulatedInjector injector, byte[] frame) =>
        Enumerable.Range(0, 64).Select(_ => injector.Run(frame) switch
        {
            { Action: TcAction.Shot } => "drop",
            { Emitted.Count: 1 } => "duplicate",
            _ => "pass",
        }).ToList();

    internal static void AssertWithinFiveSigma(ulong observed, int trials, double rate)
    {
        double mean = trials * rate;
        double bound = 5 * Math.Sqrt(trials * rate * (1 - rate));
        Assert.InRange((double)observed, mean - bound, mean + bound);
    }
}
