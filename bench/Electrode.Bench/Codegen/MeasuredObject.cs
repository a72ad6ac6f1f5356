using BpfSharp.Loader;
using Electrode.Programs;

namespace Electrode.Bench.Codegen;

/// <summary>
/// An object file loaded into the kernel and bound by the bindings generated from Electrode.Programs (the C reference
/// declares the same maps and programs, which binding it checks), with a consumer of its <c>Prepared</c> ring buffer. The ring wakes its
/// consumer (an irq_work, a self-IPI: microseconds in a VM) only for a record written into an empty ring, so how often
/// it is drained decides how many runs pay for a wake-up: after every run, each one does, as on an idle replica; every
/// <see cref="DrainInterval"/> runs, one in that many does, as on a replica whose userspace lags under load.
/// </summary>
internal sealed class MeasuredObject : IDisposable
{
    private readonly BpfRingBuffer prepared;
    private int undrained;

    /// <summary>Runs between drains when the scenario does not drain after each; the 16 MiB ring holds about 8,100 records.</summary>
    public const int DrainInterval = 256;

    public MeasuredObject(string name, string path)
    {
        Name = name;
        Electrode = ElectrodeSkeleton.Load(path);
        prepared = Electrode.Maps.Prepared.OpenReader(_ => { });
    }

    public string Name { get; }

    public ElectrodeSkeleton Electrode { get; }

    /// <summary>Runs the scenario's packet once, after resetting the state it changes; then drains the ring as the scenario says.</summary>
    public BpfTestRunResult RunOnce(Scenario scenario)
    {
        scenario.Reset?.Invoke(Electrode.Maps);
        var result = scenario.Program(Electrode.Programs).TestRun(scenario.Frame);
        if (scenario.DrainEachRun || ++undrained >= DrainInterval)
        {
            prepared.Consume();
            undrained = 0;
        }
        return result;
    }

    /// <summary>The kernel's average over <paramref name="repeat"/> runs of its own loop (state-free scenarios only).</summary>
    public uint RunRepeated(Scenario scenario, int repeat) =>
        scenario.Program(Electrode.Programs).TestRun(scenario.Frame, repeat: repeat).DurationNanoseconds;

    public void Dispose()
    {
        prepared.Dispose();
        Electrode.Dispose();
    }
}
