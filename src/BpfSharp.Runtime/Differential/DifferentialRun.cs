using BpfSharp.InProcess;
using BpfSharp.Loader;

namespace BpfSharp.Differential;

/// <summary>One program run in-process and in the kernel on the same packet and maps, and how the two compare.</summary>
public sealed class DifferentialRun
{
    internal DifferentialRun(string program, byte[] input, RunResult? inProcess, BpfTestRunResult? kernel,
        IReadOnlyList<string> differences, string? knownDifference)
    {
        Program = program;
        Input = input;
        InProcess = inProcess;
        Kernel = kernel;
        Differences = differences;
        KnownDifference = knownDifference;
    }

    /// <summary>The program's name in the object.</summary>
    public string Program { get; }

    /// <summary>The packet both sides ran on.</summary>
    public byte[] Input { get; }

    /// <summary>The in-process result, or null when the in-process kernel refused the packet or the program threw.</summary>
    public RunResult? InProcess { get; }

    /// <summary>The kernel's <c>BPF_PROG_TEST_RUN</c> result, or null when the kernel refused the run.</summary>
    public BpfTestRunResult? Kernel { get; }

    /// <summary>Where the two sides disagree; empty when they agree.</summary>
    public IReadOnlyList<string> Differences { get; }

    /// <summary>
    /// Set when the sides differ in a way the tester declares as known (for example the kernel's TC test run refusing a
    /// frame shorter than its network header); the reason says which. Such a run has no <see cref="Differences"/>.
    /// </summary>
    public string? KnownDifference { get; }

    /// <summary>True when both sides refused the packet (for example a frame shorter than an Ethernet header).</summary>
    public bool BothRefused => InProcess is null && Kernel is null && Differences.Count == 0 && KnownDifference is null;

    /// <summary>True when the sides agree (possibly by refusing alike) or differ only in a declared way.</summary>
    public bool Agrees => Differences.Count == 0;

    /// <summary>The agreed return code (an <c>XDP_*</c> or <c>TC_ACT_*</c> value), or null when a side did not run.</summary>
    public uint? ReturnValue => Agrees && Kernel is not null && InProcess is not null ? Kernel.ReturnValue : null;

    /// <summary>The agreed output packet, or null when a side did not run.</summary>
    public byte[]? Packet => Agrees && Kernel is not null ? InProcess?.Packet : null;

    /// <summary>The agreed XDP verdict.</summary>
    /// <exception cref="InvalidOperationException">The run is not an agreed XDP run.</exception>
    public XdpAction XdpAction => InProcess is XdpRunResult xdp && ReturnValue is not null
        ? xdp.Action
        : throw new InvalidOperationException($"{Program} has no agreed XDP verdict: {Describe()}");

    /// <summary>The agreed TC verdict.</summary>
    /// <exception cref="InvalidOperationException">The run is not an agreed TC run.</exception>
    public TcAction TcAction => InProcess is TcRunResult tc && ReturnValue is not null
        ? tc.Action
        : throw new InvalidOperationException($"{Program} has no agreed TC verdict: {Describe()}");

    /// <summary>Throws when the sides disagree.</summary>
    /// <exception cref="DifferentialMismatchException">The sides disagree.</exception>
    public DifferentialRun EnsureAgreement() =>
        Agrees ? this : throw new DifferentialMismatchException(Program, Input, Differences);

    private string Describe() =>
        Differences.Count > 0 ? string.Join("; ", Differences)
        : KnownDifference ?? (BothRefused ? "both sides refused the packet" : "it ran as the other program type");
}
