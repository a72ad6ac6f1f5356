using System.Runtime.InteropServices;
using BpfSharp.InProcess.Storage;

namespace BpfSharp.InProcess;

/// <summary>
/// A simulated kernel in which BpfSharp programs run as ordinary .NET code with the kernel's semantics: it owns the
/// storage of every map its programs touch (in native memory, so lookups return stable pointers), a virtual clock,
/// CPUs and simulated network devices. Each instance is independent, so tests using separate kernels may run in
/// parallel; calls on one instance are serialised. Dispose it (or let the finalizer) to free its native memory.
/// </summary>
public sealed unsafe partial class InProcessKernel : IDisposable, IProgramHost
{
    private readonly Lock _gate = new();
    private readonly Dictionary<BpfMap, MapStorage> _maps = new(ReferenceEqualityComparer.Instance);
    private readonly uint _cpuCount = 1;
    private readonly BlockRetirer _retire;
    private RunState? _run;
    private bool _disposed;

    /// <summary>Creates a kernel with no maps, no devices, one CPU and the clock at 0.</summary>
    public InProcessKernel() => _retire = Retire;

    /// <summary>Frees the native memory of a kernel nobody disposed.</summary>
    ~InProcessKernel() => FreeStorage();

    /// <summary>Virtual monotonic time returned by <see cref="Bpf.KtimeGetNs"/> (<c>bpf_ktime_get_ns</c>).</summary>
    public ulong NowNanoseconds { get; set; }

    /// <summary>
    /// The CPU programs run on (<c>bpf_get_smp_processor_id</c>; selects per-CPU map copies); below
    /// <see cref="CpuCount"/>, checked when a run starts.
    /// </summary>
    public uint CurrentCpu { get; set; }

    ulong IProgramHost.KtimeGetNs() => NowNanoseconds;

    uint IProgramHost.GetSmpProcessorId() => CurrentCpu;

    /// <summary>Number of simulated CPUs (per-CPU maps hold this many copies); at least 1.</summary>
    public uint CpuCount
    {
        get => _cpuCount;
        init => _cpuCount = value >= 1
            ? value
            : throw new ArgumentOutOfRangeException(nameof(CpuCount), value, "a kernel needs at least one CPU");
    }

    /// <summary>Frees every map's native memory; the kernel cannot be used afterwards.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            FreeStorage();
            _disposed = true;
        }
        GC.SuppressFinalize(this);
    }

    /// <summary>Serialises every operation on this kernel; userspace views hold it while they touch storage.</summary>
    internal Lock Gate => _gate;

    /// <summary>The storage of <paramref name="map"/> for a userspace view, which must hold <see cref="Gate"/>.</summary>
    internal TStorage UserspaceStorage<TStorage>(BpfMap map) where TStorage : MapStorage => StorageOf<TStorage>(map);

    /// <summary>The storage of <paramref name="map"/> in this kernel, created (zeroed, empty) on first use.</summary>
    private MapStorage StorageOf(BpfMap map)
    {
        ArgumentNullException.ThrowIfNull(map);
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (!_maps.TryGetValue(map, out MapStorage? storage))
        {
            storage = map.Kind switch
            {
                MapKind.Array => new ArrayStorage(map, 1, () => CurrentCpu),
                MapKind.PerCpuArray => new ArrayStorage(map, CpuCount, () => CurrentCpu),
                MapKind.Hash => new HashStorage(map, leastRecentlyUsed: false),
                MapKind.LruHash => new HashStorage(map, leastRecentlyUsed: true),
                MapKind.RingBuffer => new RingStorage(map),
                MapKind.ProgramArray => new ProgramArrayStorage(map),
                _ => throw new NotSupportedException($"map kind {map.Kind} has no in-process implementation"),
            };
            _maps.Add(map, storage);
        }
        return storage;
    }

    private TStorage StorageOf<TStorage>(BpfMap map) where TStorage : MapStorage => (TStorage)StorageOf(map);

    /// <summary>
    /// Memory a map no longer references: freed at once outside a run; during a run, kept until the run ends, because
    /// the program may still hold a pointer to it (the kernel frees such elements after an RCU grace period).
    /// </summary>
    private void Retire(void* block)
    {
        if (_run is not null)
            _run.Retired.Add((nint)block);
        else
            NativeMemory.AlignedFree(block);
    }

    private void FreeStorage()
    {
        foreach (MapStorage storage in _maps.Values)
            storage.Dispose();
        _maps.Clear();
    }
}
