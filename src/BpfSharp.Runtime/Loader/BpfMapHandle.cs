using System.Runtime.InteropServices;
using BpfSharp.Loader.Interop;

namespace BpfSharp.Loader;

/// <summary>
/// A map in the kernel, reached through its file descriptor: element lookup, update, delete and
/// iteration, per-CPU values, program-array slots and pinning. Key and value spans must have the
/// map's exact sizes, which is checked before the kernel sees them.
/// </summary>
public sealed unsafe partial class BpfMapHandle : IDisposable
{
    private static readonly Lazy<int> PossibleCpuCount = new(CountPossibleCpus);

    private readonly LoadedBpfObject? owner;
    private readonly IntPtr map;
    private int ownFd = -1;

    private BpfMapHandle(BpfMapInfo info, LoadedBpfObject? owner, IntPtr map, int ownFd)
    {
        Info = info;
        this.owner = owner;
        this.map = map;
        this.ownFd = ownFd;
    }

    internal static BpfMapHandle OfObject(LoadedBpfObject owner, BpfMapInfo info, IntPtr map) => new(info, owner, map, -1);

    /// <summary>Opens a map pinned on bpffs (for example by another process); dispose the handle to close it.</summary>
    /// <exception cref="BpfException">Nothing is pinned there (ENOENT), or it is not a map.</exception>
    public static BpfMapHandle OpenPinned(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        KernelSupport.EnsureLibbpf();
        int fd = Libbpf.ObjectGetPinned(path);
        if (fd < 0)
            throw BpfException.FromErrno($"Opening the map pinned at '{path}'", fd);
        if (!IsMapDescriptor(fd))
        {
            Libc.Close(fd);
            throw new BpfException($"The object pinned at '{path}' is not a map (a program or link is pinned there).", Errno.EINVAL);
        }
        var prefix = new BpfMapInfoPrefix();
        uint length = (uint)sizeof(BpfMapInfoPrefix);
        int result = Libbpf.ObjectGetInfoByFd(fd, &prefix, &length);
        if (result < 0)
        {
            Libc.Close(fd);
            throw BpfException.FromErrno($"Reading the map pinned at '{path}'", result);
        }
        var info = new BpfMapInfo(
            NativeText.Read(prefix.Name), (BpfMapType)prefix.Type, (int)prefix.KeySize, (int)prefix.ValueSize,
            (int)prefix.MaxEntries, prefix.MapFlags, IsDataSection: false, PinPath: path);
        return new BpfMapHandle(info, null, IntPtr.Zero, fd);
    }

    /// <summary>
    /// Creates a map of no object (for example one that only userspace reads and writes, pinned to record something
    /// beside an object's maps); dispose the handle to close it, pin it to keep it.
    /// </summary>
    /// <exception cref="BpfException">The kernel refused the map (EINVAL for sizes the type does not allow, EPERM, ...).</exception>
    public static BpfMapHandle Create(BpfMapType type, string name, int keySize, int valueSize, int maxEntries)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentOutOfRangeException.ThrowIfNegative(keySize);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(valueSize);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxEntries);
        KernelSupport.EnsureLibbpf();
        int fd = Libbpf.MapCreate((int)type, name, (uint)keySize, (uint)valueSize, (uint)maxEntries, null);
        if (fd < 0)
            throw fd == -Errno.EPERM
                ? new BpfPermissionException($"Creating map '{name}'")
                : BpfException.FromErrno($"Creating {type} map '{name}'", fd);
        var info = new BpfMapInfo(name, type, keySize, valueSize, maxEntries, 0, IsDataSection: false, PinPath: null);
        return new BpfMapHandle(info, null, IntPtr.Zero, fd);
    }

    /// <summary>The kernel names the anonymous inode behind every BPF map descriptor "bpf-map".</summary>
    private static bool IsMapDescriptor(int fd)
        => new FileInfo($"/proc/self/fd/{fd}").LinkTarget == "anon_inode:bpf-map";

    /// <summary>The number of possible CPUs: a per-CPU lookup returns one value for each.</summary>
    public static int PossibleCpus => PossibleCpuCount.Value;

    /// <summary>What the object file (or the kernel, for a pinned map) says about the map.</summary>
    public BpfMapInfo Info { get; }

    /// <summary>The map's name.</summary>
    public string Name => Info.Name;

    /// <summary>The kernel map type.</summary>
    public BpfMapType Type => Info.Type;

    /// <summary>Key size in bytes.</summary>
    public int KeySize => Info.KeySize;

    /// <summary>Value size in bytes (one CPU's value for per-CPU maps).</summary>
    public int ValueSize => Info.ValueSize;

    /// <summary>Whether each key holds one value per possible CPU.</summary>
    public bool IsPerCpu => Type is BpfMapType.PerCpuArray or BpfMapType.PerCpuHash or BpfMapType.LruPerCpuHash or BpfMapType.PerCpuCgroupStorage;

    /// <summary>The distance between two CPUs' values in a per-CPU buffer: the value size rounded up to 8 bytes.</summary>
    public int PerCpuValueStride => (ValueSize + 7) & ~7;

    /// <summary>The map's file descriptor.</summary>
    public int Fd
    {
        get
        {
            if (owner is null)
            {
                ObjectDisposedException.ThrowIf(ownFd < 0, this);
                return ownFd;
            }
            owner.EnsureNotDisposed();
            return Libbpf.MapFd(map);
        }
    }

    /// <summary>Copies the value stored under <paramref name="key"/> into <paramref name="value"/>; false when the key is absent.</summary>
    public bool TryLookup(ReadOnlySpan<byte> key, Span<byte> value)
    {
        EnsureNotPerCpu(nameof(TryLookupPerCpu));
        CheckLength(key, KeySize, "key", nameof(key));
        CheckLength(value, ValueSize, "value", nameof(value));
        return LookupInto(key, value);
    }

    /// <summary>Reads the value stored under a key; false when the key is absent.</summary>
    public bool TryLookup<TKey, TValue>(in TKey key, out TValue value) where TKey : unmanaged where TValue : unmanaged
    {
        value = default;
        return TryLookup(AsBytes(in key), MemoryMarshal.AsBytes(new Span<TValue>(ref value)));
    }

    /// <summary>Stores a value under a key, as <paramref name="flags"/> allows.</summary>
    /// <exception cref="BpfException">EEXIST (NoExist and the key is present), ENOENT (Exist and it is absent), E2BIG (the map is full), ...</exception>
    public void Update(ReadOnlySpan<byte> key, ReadOnlySpan<byte> value, UpdateFlags flags = UpdateFlags.Any)
    {
        EnsureNotPerCpu(nameof(UpdatePerCpu));
        CheckLength(key, KeySize, "key", nameof(key));
        CheckLength(value, ValueSize, "value", nameof(value));
        UpdateFrom(key, value, flags);
    }

    /// <summary>Stores a value under a key, as <paramref name="flags"/> allows.</summary>
    public void Update<TKey, TValue>(in TKey key, in TValue value, UpdateFlags flags = UpdateFlags.Any)
        where TKey : unmanaged where TValue : unmanaged
        => Update(AsBytes(in key), AsBytes(in value), flags);

    /// <summary>Removes the entry under a key; false when the key was absent.</summary>
    /// <exception cref="BpfException">The map type does not support deletion (arrays: EINVAL).</exception>
    public bool Delete(ReadOnlySpan<byte> key)
    {
        CheckLength(key, KeySize, "key", nameof(key));
        fixed (byte* keyPointer = key)
        {
            int result = Libbpf.MapDeleteElement(Fd, keyPointer);
            if (result == -Errno.ENOENT)
                return false;
            if (result < 0)
                throw BpfException.FromErrno($"Deleting from map '{Name}'", result);
            return true;
        }
    }

    /// <summary>Removes the entry under a key; false when the key was absent.</summary>
    public bool Delete<TKey>(in TKey key) where TKey : unmanaged => Delete(AsBytes(in key));

    /// <summary>
    /// Writes the key that follows <paramref name="key"/> into <paramref name="nextKey"/> (the first key
    /// when <paramref name="key"/> is empty); false after the last key.
    /// </summary>
    public bool TryGetNextKey(ReadOnlySpan<byte> key, Span<byte> nextKey)
    {
        if (!key.IsEmpty)
            CheckLength(key, KeySize, "key", nameof(key));
        CheckLength(nextKey, KeySize, "key", nameof(nextKey));
        fixed (byte* keyPointer = key)
        fixed (byte* nextPointer = nextKey)
        {
            int result = Libbpf.MapGetNextKey(Fd, key.IsEmpty ? null : keyPointer, nextPointer);
            if (result == -Errno.ENOENT)
                return false;
            if (result < 0)
                throw BpfException.FromErrno($"Iterating the keys of map '{Name}'", result);
            return true;
        }
    }

    /// <summary>All keys currently in the map, in the kernel's iteration order.</summary>
    public List<TKey> Keys<TKey>() where TKey : unmanaged
    {
        CheckLength(sizeof(TKey), KeySize, "key", nameof(TKey));
        var keys = new List<TKey>();
        TKey current = default;
        TKey next = default;
        bool first = true;
        while (TryGetNextKey(first ? ReadOnlySpan<byte>.Empty : AsBytes(in current), MemoryMarshal.AsBytes(new Span<TKey>(ref next))))
        {
            keys.Add(next);
            current = next;
            first = false;
            if (keys.Count > Info.MaxEntries)
                throw new BpfException($"Map '{Name}' yielded more keys than its {Info.MaxEntries} entries while being iterated; it is changing concurrently.", Errno.EAGAIN);
        }
        return keys;
    }

    /// <summary>
    /// Every entry currently in the map, in the kernel's key order; an entry deleted between reading
    /// its key and its value is left out.
    /// </summary>
    public List<KeyValuePair<TKey, TValue>> Entries<TKey, TValue>() where TKey : unmanaged where TValue : unmanaged
    {
        var entries = new List<KeyValuePair<TKey, TValue>>();
        foreach (var key in Keys<TKey>())
        {
            if (TryLookup(in key, out TValue value))
                entries.Add(new(key, value));
        }
        return entries;
    }

    /// <summary>
    /// Copies every CPU's value under <paramref name="key"/> into <paramref name="values"/>, which holds
    /// <see cref="PossibleCpus"/> slots of <see cref="PerCpuValueStride"/> bytes; false when the key is absent.
    /// </summary>
    public bool TryLookupPerCpu(ReadOnlySpan<byte> key, Span<byte> values)
    {
        EnsurePerCpu();
        CheckLength(key, KeySize, "key", nameof(key));
        CheckLength(values, PerCpuValueStride * PossibleCpus, "per-CPU value buffer", nameof(values));
        return LookupInto(key, values);
    }

    /// <summary>Every possible CPU's value under a key (index = CPU number), or null when the key is absent.</summary>
    public TValue[]? LookupPerCpu<TKey, TValue>(in TKey key) where TKey : unmanaged where TValue : unmanaged
    {
        CheckLength(sizeof(TValue), ValueSize, "value", nameof(TValue));
        var buffer = new byte[PerCpuValueStride * PossibleCpus];
        if (!TryLookupPerCpu(AsBytes(in key), buffer))
            return null;
        var values = new TValue[PossibleCpus];
        for (int cpu = 0; cpu < values.Length; cpu++)
            values[cpu] = MemoryMarshal.Read<TValue>(buffer.AsSpan(cpu * PerCpuValueStride));
        return values;
    }

    /// <summary>Stores one value per possible CPU under a key (<paramref name="values"/> has <see cref="PossibleCpus"/> slots of <see cref="PerCpuValueStride"/> bytes).</summary>
    public void UpdatePerCpu(ReadOnlySpan<byte> key, ReadOnlySpan<byte> values, UpdateFlags flags = UpdateFlags.Any)
    {
        EnsurePerCpu();
        CheckLength(key, KeySize, "key", nameof(key));
        CheckLength(values, PerCpuValueStride * PossibleCpus, "per-CPU value buffer", nameof(values));
        UpdateFrom(key, values, flags);
    }

    /// <summary>Stores one value per possible CPU under a key (index = CPU number).</summary>
    public void UpdatePerCpu<TKey, TValue>(in TKey key, ReadOnlySpan<TValue> values, UpdateFlags flags = UpdateFlags.Any)
        where TKey : unmanaged where TValue : unmanaged
    {
        CheckLength(sizeof(TValue), ValueSize, "value", nameof(TValue));
        if (values.Length != PossibleCpus)
            throw new ArgumentException($"Map '{Name}' needs one value for each of the {PossibleCpus} possible CPUs; got {values.Length}.", nameof(values));
        var buffer = new byte[PerCpuValueStride * PossibleCpus];
        for (int cpu = 0; cpu < values.Length; cpu++)
            MemoryMarshal.Write(buffer.AsSpan(cpu * PerCpuValueStride), in values[cpu]);
        UpdatePerCpu(AsBytes(in key), buffer, flags);
    }

    /// <summary>Points a program-array slot at a program, so that tail calls to the slot run it.</summary>
    public void SetProgram(uint slot, BpfProgram program)
    {
        EnsureProgramArray();
        int fd = program.Fd;
        Update(AsBytes(in slot), AsBytes(in fd));
    }

    /// <summary>Empties a program-array slot, so that tail calls to it fall through; false when it was empty.</summary>
    public bool ClearProgram(uint slot)
    {
        EnsureProgramArray();
        return Delete(slot);
    }

    /// <summary>
    /// Maps the values of this array map (created with <see cref="MapFlags.Mmapable"/>) into memory shared with the
    /// programs; dispose the result to unmap them. The mapping keeps the map alive, not this handle.
    /// </summary>
    /// <exception cref="InvalidOperationException">The map is not an array map created with <see cref="MapFlags.Mmapable"/>.</exception>
    /// <exception cref="ArgumentException"><typeparamref name="TValue"/> does not have the map's value size.</exception>
    /// <exception cref="BpfException">The kernel refused the mapping.</exception>
    public BpfMappedArray<TValue> MapArray<TValue>() where TValue : unmanaged => new(this);

    /// <summary>Pins the map at a path on bpffs, so it outlives this process and others can open it.</summary>
    public void Pin(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        int result = Libbpf.ObjectPinFd(Fd, path);
        if (result < 0)
            throw BpfException.FromErrno($"Pinning map '{Name}' at '{path}'", result);
    }

    /// <summary>Removes a pin of this map; the map itself lives on while anything still holds it.</summary>
    public void Unpin(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!File.Exists(path))
            throw new BpfException($"Unpinning map '{Name}' from '{path}' failed: nothing is pinned there.", Errno.ENOENT);
        File.Delete(path);
    }

    /// <summary>Closes the descriptor of a map opened with <see cref="OpenPinned"/>; maps of an object close with the object.</summary>
    public void Dispose()
    {
        if (ownFd >= 0)
        {
            Libc.Close(ownFd);
            ownFd = -1;
        }
    }

    private bool LookupInto(ReadOnlySpan<byte> key, Span<byte> value)
    {
        fixed (byte* keyPointer = key)
        fixed (byte* valuePointer = value)
        {
            int result = Libbpf.MapLookupElement(Fd, keyPointer, valuePointer);
            if (result == -Errno.ENOENT)
                return false;
            if (result < 0)
                throw BpfException.FromErrno($"Looking up in map '{Name}'", result);
            return true;
        }
    }

    private void UpdateFrom(ReadOnlySpan<byte> key, ReadOnlySpan<byte> value, UpdateFlags flags)
    {
        if (!Enum.IsDefined(flags))
            throw new ArgumentOutOfRangeException(nameof(flags), flags, "Use Any, NoExist or Exist.");
        fixed (byte* keyPointer = key)
        fixed (byte* valuePointer = value)
        {
            int result = Libbpf.MapUpdateElement(Fd, keyPointer, valuePointer, (ulong)flags);
            if (result < 0)
                throw UpdateFailure(flags, result);
        }
    }

    private BpfException UpdateFailure(UpdateFlags flags, int result)
    {
        string operation = $"Updating map '{Name}' with {flags}";
        string? reason = -result switch
        {
            Errno.EEXIST => "the key is already present",
            Errno.ENOENT when flags == UpdateFlags.Exist => "the key is absent",
            Errno.E2BIG => $"the map is full ({Info.MaxEntries} entries) or the key is out of range",
            _ => null,
        };
        return reason is null ? BpfException.FromErrno(operation, result) : new BpfException($"{operation} failed: {Errno.Describe(result)}: {reason}.", result);
    }

    private void EnsureNotPerCpu(string alternative)
    {
        // The kernel writes one value per CPU into the buffer: a single-value buffer would overflow.
        if (IsPerCpu)
            throw new InvalidOperationException($"Map '{Name}' is a per-CPU map ({Type}): use {alternative}.");
    }

    private void EnsurePerCpu()
    {
        if (!IsPerCpu)
            throw new InvalidOperationException($"Map '{Name}' is a {Type} map, not a per-CPU map.");
    }

    private void EnsureProgramArray()
    {
        if (Type != BpfMapType.ProgramArray)
            throw new InvalidOperationException($"Map '{Name}' is a {Type} map, not a program array.");
    }

    private void CheckLength(ReadOnlySpan<byte> span, int expected, string what, string parameter)
        => CheckLength(span.Length, expected, what, parameter);

    private void CheckLength(int actual, int expected, string what, string parameter)
    {
        if (actual != expected)
            throw new ArgumentException($"Map '{Name}' has {expected}-byte {what}s; got {actual} bytes.", parameter);
    }

    private static ReadOnlySpan<byte> AsBytes<T>(in T value) where T : unmanaged
        => MemoryMarshal.AsBytes(new ReadOnlySpan<T>(in value));

    private static int CountPossibleCpus()
    {
        KernelSupport.EnsureLibbpf();
        int count = Libbpf.NumPossibleCpus();
        if (count <= 0)
            throw BpfException.FromErrno("Counting the possible CPUs (/sys/devices/system/cpu/possible)", count);
        return count;
    }
}
