using System.Diagnostics;
using System.Reflection;
using BpfSharp.InProcess;
using BpfSharp.InProcess.Storage;
using BpfSharp.Loader;

namespace BpfSharp.Differential;

/// <summary>
/// Runs the programs of a compiled object both ways on the same packet and map state: in the kernel through
/// <c>BPF_PROG_TEST_RUN</c>, and as the very C# methods in an <see cref="InProcessKernel"/>. After every run it compares
/// the verdict, the output packet, the ring-buffer records and every map, so a test proves that what it checked
/// in-process is what the kernel does. Map writes and tail-call slots made through the tester go to both sides.
/// </summary>
/// <remarks>
/// Packets the program sends (<c>XDP_TX</c>, redirects, <c>bpf_clone_redirect</c> copies) leave through devices that a
/// test run does not expose: the kernel side of a sent packet is the verdict and the output frame, which are compared.
/// A raw pointer read past the end of the packet reads 0 in-process where the verifier refuses to load the program;
/// the load (which this tester does) is what catches it.
/// </remarks>
public sealed partial class DifferentialTester : IDisposable
{
    /// <summary>The shortest frame either side runs a program on.</summary>
    private const int EthernetHeaderLength = 14;

    private readonly BpfObject _object;
    private readonly List<TrackedMap> _maps = [];
    private readonly Dictionary<BpfMap, TrackedMap> _byDescriptor = new(ReferenceEqualityComparer.Instance);
    private readonly List<(RingBuffer Ring, BpfRingBuffer Reader, List<byte[]> Records)> _rings = [];

    /// <summary>
    /// Each ring's kernel memory, and how far the kernel's producer is ahead of the in-process one (they part when one
    /// side refuses a run the other makes): a reservation in-process starts with the kernel's bytes at its place.
    /// </summary>
    private readonly Dictionary<RingBuffer, KernelRingMemory> _ringMemories = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<RingBuffer, ulong> _ringLeads = new(ReferenceEqualityComparer.Instance);
    private readonly IReadOnlyList<TimeField> _timeFields;
    private readonly bool _lruEvictsEarly;

    /// <summary>A declared difference met while writing a case's maps (an LRU hash the kernel emptied early), for the next run to report.</summary>
    private string? _declaredBeforeRun;
    private readonly ulong _createdAt = MonotonicNanoseconds();

    /// <summary>
    /// The kernel's content of each map as this tester last read or wrote it, so that preparing the next case needs no
    /// read; a map leaves it when the tester writes it entry by entry, all leave it when a run may change them.
    /// </summary>
    private readonly Dictionary<TrackedMap, MapImage> _kernelImages = [];

    private DifferentialTester(BpfObject opened, IReadOnlyList<Type> mapTypes, DifferentialOptions options)
    {
        _object = opened;
        _timeFields = options.TimeFields;
        string release = options.KernelRelease ?? KernelHelpers.RunningKernelRelease();
        Kernel = new InProcessKernel { TailCallCounting = InProcessKernel.TailCallCountingOf(release) };
        _lruEvictsEarly = KnownDifferences.LruEvictsEarly(release);
        try
        {
            options.Configure?.Invoke(opened);
            Loaded = opened.Load();
            DiscoverMaps(mapTypes);
            Kernel.UnwrittenRingBytes = ReadKernelRing;
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    /// <summary>
    /// The in-process kernel the C# methods run in; it counts tail calls as the running kernel does (or the kernel of
    /// <see cref="DifferentialOptions.KernelRelease"/>).
    /// </summary>
    public InProcessKernel Kernel { get; }

    /// <summary>The object loaded into the running kernel.</summary>
    public LoadedBpfObject Loaded { get; } = null!;

    /// <summary>
    /// Opens and loads a compiled object (the bytes of a <c>.bpf.o</c>) whose maps are the <c>[Map]</c> fields of
    /// <paramref name="mapTypes"/> (the classes that declare them; programs are passed to each run).
    /// </summary>
    /// <exception cref="BpfLoadException">The verifier refused a program; the message has its log with the C# lines.</exception>
    /// <exception cref="DifferentialSetupException">A map field has no map of its name in the object, or the other way round.</exception>
    public static DifferentialTester Load(byte[] elf, IReadOnlyList<Type> mapTypes, DifferentialOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(elf);
        ArgumentNullException.ThrowIfNull(mapTypes);
        options ??= new DifferentialOptions();
        var opened = BpfObject.Open(elf, new BpfObjectOpenOptions { ObjectName = options.ObjectName, PinRootPath = options.PinRootPath });
        return new DifferentialTester(opened, mapTypes, options);
    }

    /// <summary>As <see cref="Load(byte[], IReadOnlyList{Type}, DifferentialOptions?)"/>, for the object at <paramref name="path"/>.</summary>
    /// <exception cref="FileNotFoundException">No file at <paramref name="path"/>.</exception>
    public static DifferentialTester LoadFile(string path, IReadOnlyList<Type> mapTypes, DifferentialOptions? options = null)
    {
        if (!File.Exists(path))
            throw new FileNotFoundException(
                $"no BPF object at {path}: building the project that holds the programs writes it (BpfSharpObjectName) beside its assembly", path);
        options ??= new DifferentialOptions();
        if (options.ObjectName is null)
            options = options with { ObjectName = Path.GetFileName(path).Split('.')[0] };
        return Load(File.ReadAllBytes(path), mapTypes, options);
    }

    /// <summary>Runs an XDP program both ways and reports how the runs compare; never throws for a disagreement.</summary>
    public DifferentialRun CompareXdp(Func<XdpContext, XdpAction> program, byte[] packet, uint ifindex = 1, uint rxQueue = 0)
    {
        ArgumentNullException.ThrowIfNull(program);
        return Compare(program.Method, packet, tc: false, () => Kernel.RunXdp(program, packet, ifindex, rxQueue));
    }

    /// <summary>Runs a TC program both ways and reports how the runs compare; never throws for a disagreement.</summary>
    public DifferentialRun CompareTc(Func<TcContext, TcAction> program, byte[] packet, uint ifindex = 1, uint mark = 0)
    {
        ArgumentNullException.ThrowIfNull(program);
        return Compare(program.Method, packet, tc: true, () => Kernel.RunTc(program, packet, ifindex, mark));
    }

    /// <summary>Runs an XDP program both ways; returns the run when both sides agree.</summary>
    /// <exception cref="DifferentialMismatchException">The sides disagree; the message says where.</exception>
    public DifferentialRun RunXdp(Func<XdpContext, XdpAction> program, byte[] packet) =>
        CompareXdp(program, packet).EnsureAgreement();

    /// <summary>Runs a TC program both ways; returns the run when both sides agree.</summary>
    /// <exception cref="DifferentialMismatchException">The sides disagree; the message says where.</exception>
    public DifferentialRun RunTc(Func<TcContext, TcAction> program, byte[] packet) =>
        CompareTc(program, packet).EnsureAgreement();

    /// <summary>The object's name of the program <paramref name="method"/> (the compiler prefixes its class when names clash).</summary>
    public string ProgramName(MethodInfo method)
    {
        ArgumentNullException.ThrowIfNull(method);
        string qualified = method.DeclaringType?.Name + "_" + method.Name;
        return Loaded.Programs.Any(p => p.Name == qualified) ? qualified : method.Name;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var ring in _rings) ring.Reader.Dispose();
        foreach (KernelRingMemory memory in _ringMemories.Values) memory.Dispose();
        Loaded?.Dispose();
        _object.Dispose();
        Kernel.Dispose();
    }

    private DifferentialRun Compare(MethodInfo method, byte[] packet, bool tc, Func<RunResult> runInProcess)
    {
        ArgumentNullException.ThrowIfNull(packet);
        string name = ProgramName(method);
        BpfProgram program = Loaded.Program(name);
        _kernelImages.Clear();
        var differences = new List<string>();

        int longest = tc ? InProcessKernel.MaxTcFrameLength : InProcessKernel.MaxXdpFrameLength;
        bool inProcessRefuses = packet.Length < EthernetHeaderLength || packet.Length > longest;
        RunResult? local = null;
        if (!inProcessRefuses)
        {
            Kernel.NowNanoseconds = MonotonicNanoseconds();
            MeasureRingLeads();
            try
            {
                local = runInProcess();
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                differences.Add($"the in-process run threw {e.GetType().Name}: {e.Message}");
            }
        }

        BpfTestRunResult? remote = null;
        BpfException? refusal = null;
        if (packet.Length >= EthernetHeaderLength)
        {
            try
            {
                remote = program.TestRun(packet);
            }
            catch (BpfException e)
            {
                refusal = e;
            }
        }

        var localRecords = DrainInProcessRings();
        var remoteRecords = DrainKernelRings();
        string? known = null;
        if (local is not null && remote is not null)
        {
            CompareRuns(local, remote, localRecords, remoteRecords, differences);
        }
        else if (local is not null)
        {
            known = tc && refusal?.Errno == Errno.EINVAL ? KnownDifferences.TcFrameShorterThanNetworkHeader(packet) : null;
            if (known is null)
                differences.Add($"the kernel refused the run ({refusal?.Message ?? "frame too short"}) where in-process it returned {ReturnCode(local)}");
            else
                CopyKernelMapsToInProcess();
        }
        else if (remote is not null && inProcessRefuses)
        {
            differences.Add($"the in-process kernel refuses a {packet.Length}-byte frame where the kernel returned {remote.ReturnValue}");
        }
        else if (remote is not null)
        {
            differences[^1] += $", where the kernel returned {remote.ReturnValue}";
        }

        if (known is null)
            known = CompareMaps(differences);
        if (differences.Count == 0)
            known ??= _declaredBeforeRun;
        _declaredBeforeRun = null;
        return new DifferentialRun(name, packet, local, remote, differences, known);
    }

    private void CompareRuns(RunResult local, BpfTestRunResult remote, Dictionary<RingBuffer, List<byte[]>> localRecords,
        Dictionary<RingBuffer, List<byte[]>> remoteRecords, List<string> differences)
    {
        uint code = ReturnCode(local);
        if (code != remote.ReturnValue)
            differences.Add($"return code in-process {code}, in the kernel {remote.ReturnValue}");
        if (!PacketsAgree(local.Packet, remote.DataOut))
            differences.Add($"packet out differs\n   in-process {Convert.ToHexString(local.Packet)}\n   kernel     {Convert.ToHexString(remote.DataOut)}");
        foreach (var (ring, reader, _) in _rings)
        {
            var mine = localRecords[ring].Select(Convert.ToHexString).ToList();
            var theirs = remoteRecords[ring].Select(Convert.ToHexString).ToList();
            if (!mine.SequenceEqual(theirs))
                differences.Add($"ring '{_byDescriptor[ring].Name}' records differ\n   in-process {string.Join(", ", mine)}\n   kernel     {string.Join(", ", theirs)}");
        }
    }

    private bool PacketsAgree(byte[] local, byte[] remote)
    {
        if (local.Length != remote.Length)
            return false;
        var fields = _timeFields.Where(f => f.Map is null).Select(f => f.Offset).ToList();
        if (fields.Count == 0)
            return local.AsSpan().SequenceEqual(remote);
        return MaskTimes(local, 0, local.Length, fields).AsSpan().SequenceEqual(MaskTimes(remote, 0, remote.Length, fields));
    }

    /// <summary>A copy of <paramref name="length"/> bytes at <paramref name="start"/> with each time field in the tester's lifetime zeroed.</summary>
    private byte[] MaskTimes(byte[] bytes, int start, int length, List<int> offsets)
    {
        byte[] copy = bytes.AsSpan(start, length).ToArray();
        ulong now = MonotonicNanoseconds();
        foreach (int offset in offsets)
        {
            if (offset + sizeof(ulong) > copy.Length)
                continue;
            ulong value = BitConverter.ToUInt64(copy, offset);
            if (value >= _createdAt && value <= now)
                copy.AsSpan(offset, sizeof(ulong)).Clear();
        }
        return copy;
    }

    private void MeasureRingLeads()
    {
        foreach (var (ring, memory) in _ringMemories)
        {
            ulong local;
            lock (Kernel.Gate) local = Kernel.UserspaceStorage<RingStorage>(ring).Query(RingBufferQuery.ProducerPosition);
            _ringLeads[ring] = memory.ProducerPosition - local;
        }
    }

    /// <summary>What the kernel's reservation at the in-process <paramref name="position"/> holds before the program writes it.</summary>
    private void ReadKernelRing(RingBuffer ring, ulong position, Span<byte> record)
    {
        _ringMemories[ring].Read(position + _ringLeads.GetValueOrDefault(ring), record);
    }

    private Dictionary<RingBuffer, List<byte[]>> DrainInProcessRings()
    {
        var records = new Dictionary<RingBuffer, List<byte[]>>(ReferenceEqualityComparer.Instance);
        foreach (var (ring, _, _) in _rings)
        {
            var list = records[ring] = [];
            using var reader = Kernel.RingBufferReader(ring);
            reader.Drain(record => list.Add(record.ToArray()));
        }
        return records;
    }

    private Dictionary<RingBuffer, List<byte[]>> DrainKernelRings()
    {
        var records = new Dictionary<RingBuffer, List<byte[]>>(ReferenceEqualityComparer.Instance);
        foreach (var (ring, reader, pending) in _rings)
        {
            reader.Consume();
            records[ring] = [.. pending];
            pending.Clear();
        }
        return records;
    }

    private static uint ReturnCode(RunResult result) => result switch
    {
        XdpRunResult xdp => (uint)xdp.Action,
        TcRunResult tc => unchecked((uint)(int)tc.Action),
        _ => throw new ArgumentException($"unknown run result {result.GetType().Name}", nameof(result)),
    };

    /// <summary>CLOCK_MONOTONIC in nanoseconds, the clock of <c>bpf_ktime_get_ns</c>.</summary>
    private static ulong MonotonicNanoseconds() =>
        (ulong)(Stopwatch.GetTimestamp() * (1_000_000_000.0 / Stopwatch.Frequency));
}
