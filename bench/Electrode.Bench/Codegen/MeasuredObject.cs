using BpfSharp.Loader;

namespace Electrode.Bench.Codegen;

/// <summary>
/// An object file loaded into the kernel, with a consumer of its <c>Prepared</c> ring buffer. The ring wakes its
/// consumer (an irq_work, a self-IPI: microseconds in a VM) only for a record written into an empty ring, so how often
/// it is drained decides how many runs pay for a wake-up: after every run, each one does, as on an idle replica; every
/// <see cref="DrainInterval"/> runs, one in that many does, as on a replica whose userspace lags under load.
/// </summary>
internal sealed class MeasuredObject : IDisposable
{
    private readonly BpfObject file;
    private readonly BpfRingBuffer prepared;
    private int undrained;

    /// <summary>Runs between drains when the scenario does not drain after each; the 1 MiB ring holds about 500 records.</summary>
    public const int DrainInterval = 256;

    public MeasuredObject(string name, string path)
    {
        Name = name;
        file = BpfObject.Open(path);
        Loaded = file.Load();
        prepared = new BpfRingBuffer(Loaded.Map("Prepared"), _ => { });
    }

    public string Name { get; }

    public LoadedBpfObject Loaded { get; }

    /// <summary>Runs the scenario's packet once, after resetting the state it changes; then drains the ring as the scenario says.</summary>
    public BpfTestRunResult RunOnce(Scenario scenario)
    {
        scenario.Reset?.Invoke(Loaded);
        var result = Loaded.Program(scenario.Program).TestRun(scenario.Frame);
        if (scenario.DrainEachRun || ++undrained >= DrainInterval)
        {
            prepared.Consume();
            undrained = 0;
        }
        return result;
    }

    /// <summary>The kernel's average over <paramref name="repeat"/> runs of its own loop (state-free scenarios only).</summary>
    public uint RunRepeated(Scenario scenario, int repeat) =>
        Loaded.Program(scenario.Program).TestRun(scenario.Frame, repeat: repeat).DurationNanoseconds;

    public void Dispose()
    {
        prepared.Dispose();
        Loaded.Dispose();
        file.Dispose();
    }
}
