using BpfSharp.Loader;

namespace Electrode.Bench.Codegen;

/// <summary>An object file loaded into the kernel, with a consumer that keeps its <c>Prepared</c> ring buffer drained.</summary>
internal sealed class MeasuredObject : IDisposable
{
    private readonly BpfObject file;
    private readonly BpfRingBuffer prepared;

    public MeasuredObject(string name, string path)
    {
        Name = name;
        file = BpfObject.Open(path);
        Loaded = file.Load();
        prepared = new BpfRingBuffer(Loaded.Map("Prepared"), _ => { });
    }

    public string Name { get; }

    public LoadedBpfObject Loaded { get; }

    /// <summary>Runs the scenario's packet once, after resetting the state it changes; the ring buffer is drained after.</summary>
    public BpfTestRunResult RunOnce(Scenario scenario)
    {
        scenario.Reset?.Invoke(Loaded);
        var result = Loaded.Program(scenario.Program).TestRun(scenario.Frame);
        prepared.Consume();
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
