using BpfSharp.Compiler.Model;
using BpfSharp.Differential;
using BpfSharp.InProcess;
using BpfSharp.Loader;
using BpfSharp.Testing;

namespace BpfSharp.Compiler.Tests.Differential;

/// <summary>
/// The differential harness of DESIGN.md §7.2 for one corpus program: compiled by BpfSharp, then run by the runtime's
/// <see cref="DifferentialTester"/> in the kernel and in-process on the same packet and map state, with the return code,
/// the packet out, ring-buffer records and every map compared after each run.
/// </summary>
public sealed class DifferentialHarness : IDisposable
{
    private readonly TemporaryPinDirectory _pins;

    private DifferentialHarness(string file, Type programType, Action<BpfObject>? configure, IReadOnlyList<TimeField> timeFields,
        string? kernelRelease)
    {
        (Model, Object) = CorpusCompiler.Compile(file);
        _pins = new TemporaryPinDirectory();
        try
        {
            Tester = DifferentialTester.Load(Object, [programType], new DifferentialOptions
            {
                ObjectName = Path.GetFileNameWithoutExtension(file).ToLowerInvariant(),
                PinRootPath = _pins.Path,
                Configure = configure,
                TimeFields = timeFields,
                KernelRelease = kernelRelease,
            });
        }
        catch
        {
            // A program the verifier refuses must not leave its pin directory behind.
            _pins.Dispose();
            throw;
        }
    }

    /// <summary>The front end's model of the program.</summary>
    public ProgramModel Model { get; }

    /// <summary>The compiled object.</summary>
    public byte[] Object { get; }

    /// <summary>The runtime's tester holding both sides.</summary>
    public DifferentialTester Tester { get; }

    /// <summary>The in-process kernel the C# methods run in.</summary>
    public InProcessKernel Kernel => Tester.Kernel;

    /// <summary>The object loaded into the real kernel.</summary>
    public LoadedBpfObject Loaded => Tester.Loaded;

    /// <summary>
    /// Compiles Corpus/<paramref name="file"/> (whose programs and maps are in <paramref name="programType"/>) and loads it;
    /// <paramref name="configure"/> may set <c>.rodata</c> or pins before the load; <paramref name="timeFields"/> are compared
    /// by the time rule; <paramref name="kernelRelease"/> makes the tester follow that kernel's rules instead of the running one's.
    /// </summary>
    public static DifferentialHarness Load(string file, Type programType, Action<BpfObject>? configure = null,
        IReadOnlyList<TimeField>? timeFields = null, string? kernelRelease = null) =>
        new(file, programType, configure, timeFields ?? [], kernelRelease);

    /// <summary>Runs an XDP program both ways and fails unless both agree; returns the agreed verdict and packet.</summary>
    public (XdpAction Action, byte[] Packet) RunXdp(Func<XdpContext, XdpAction> program, byte[] packet)
    {
        var run = Tester.RunXdp(program, packet);
        return (run.XdpAction, run.Packet!);
    }

    /// <summary>Runs an XDP program in the kernel only (for behaviour the loader changed, such as <c>.rodata</c>).</summary>
    public BpfTestRunResult RunXdpInKernel(Func<XdpContext, XdpAction> program, byte[] packet) =>
        Loaded.Program(Tester.ProgramName(program.Method)).TestRun(packet);

    /// <summary>Runs a TC program both ways and fails unless both agree; returns the agreed verdict and packet.</summary>
    public (TcAction Action, byte[] Packet) RunTc(Func<TcContext, TcAction> program, byte[] packet)
    {
        var run = Tester.RunTc(program, packet);
        return (run.TcAction, run.Packet!);
    }

    /// <summary>Sets an array entry on both sides.</summary>
    public void SetArray<TValue>(ArrayMap<TValue> map, uint index, TValue value) where TValue : unmanaged =>
        Tester.SetArray(map, index, value);

    /// <summary>Sets a hash entry on both sides.</summary>
    public void SetHash<TKey, TValue>(HashMap<TKey, TValue> map, TKey key, TValue value) where TKey : unmanaged where TValue : unmanaged =>
        Tester.SetHash(map, key, value);

    /// <summary>Puts an XDP program into a tail-call slot on both sides.</summary>
    public void SetTailCall(ProgramArray map, uint slot, Func<XdpContext, XdpAction> program) => Tester.SetTailCall(map, slot, program);

    /// <summary>Puts a TC program into a tail-call slot on both sides.</summary>
    public void SetTailCall(ProgramArray map, uint slot, Func<TcContext, TcAction> program) => Tester.SetTailCall(map, slot, program);

    /// <summary>Fails when any map holds different contents on the two sides.</summary>
    public void AssertMapsEqual()
    {
        var differences = Tester.CompareMaps();
        Assert.True(differences.Count == 0, string.Join("\n", differences));
    }

    /// <inheritdoc />
    public void Dispose()
    {
        Tester.Dispose();
        _pins.Dispose();
    }
}
