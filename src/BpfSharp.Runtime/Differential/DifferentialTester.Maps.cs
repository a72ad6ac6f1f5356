using System.Buffers.Binary;
using System.Reflection;
using System.Runtime.InteropServices;
using BpfSharp.Loader;

namespace BpfSharp.Differential;

// The maps of the object: found from the [Map] fields, written to both sides, read and compared.
public sealed partial class DifferentialTester
{
    private sealed record TrackedMap(string Name, BpfMap Descriptor, BpfMapHandle Handle)
    {
        public bool HoldsEntries => Descriptor.Kind is MapKind.Array or MapKind.PerCpuArray or MapKind.Hash or MapKind.LruHash;
        public bool IsArray => Descriptor.Kind is MapKind.Array or MapKind.PerCpuArray;
    }

    /// <summary>The maps of the object by name: arrays, hashes, per-CPU arrays, ring buffers and program arrays.</summary>
    public IReadOnlyDictionary<string, BpfMap> Maps { get; private set; } = new Dictionary<string, BpfMap>();

    /// <summary>
    /// Writes <paramref name="value"/> under <paramref name="key"/> on both sides (<c>BPF_ANY</c>). For a per-CPU array
    /// the value goes to CPU 0 and the other CPUs' copies are zeroed, since the two sides have different CPU counts.
    /// </summary>
    /// <exception cref="ArgumentException">The map is not one of the object's, or the key or value has the wrong size.</exception>
    /// <exception cref="BpfException">The kernel refused the update (for example an index beyond the array).</exception>
    /// <exception cref="DifferentialMismatchException">The kernel accepted the update and the in-process kernel refused it.</exception>
    public void SetMapEntry(BpfMap map, ReadOnlySpan<byte> key, ReadOnlySpan<byte> value)
    {
        TrackedMap tracked = Track(map);
        _compared = null;
        if (value.Length != map.ValueSize)
            throw new ArgumentException($"map '{tracked.Name}' holds values of {map.ValueSize} bytes, not {value.Length}", nameof(value));
        WriteKernel(tracked, key, value);
        WriteInProcess(tracked, key, value);
    }

    /// <summary>Writes one value to the in-process map; for a per-CPU array to CPU 0, the other CPUs zeroed.</summary>
    private void WriteInProcess(TrackedMap map, ReadOnlySpan<byte> key, ReadOnlySpan<byte> value)
    {
        var local = new byte[map.Descriptor.ValueSize * (map.Descriptor.Kind == MapKind.PerCpuArray ? Kernel.CpuCount : 1)];
        value.CopyTo(local);
        RequireInProcess(map, Kernel.RawUpdate(map.Descriptor, key, local));
    }

    /// <summary>Writes one value to the kernel's map; for a per-CPU array to CPU 0, the other CPUs zeroed.</summary>
    private static void WriteKernel(TrackedMap map, ReadOnlySpan<byte> key, ReadOnlySpan<byte> value)
    {
        if (map.Descriptor.Kind == MapKind.PerCpuArray)
        {
            var copies = new byte[map.Handle.PerCpuValueStride * BpfMapHandle.PossibleCpus];
            value.CopyTo(copies);
            map.Handle.UpdatePerCpu(key, copies);
        }
        else
        {
            map.Handle.Update(key, value);
        }
    }

    /// <summary>Deletes the entry under <paramref name="key"/> of a hash map on both sides; false when neither side had it.</summary>
    /// <exception cref="DifferentialMismatchException">One side had the entry and the other did not.</exception>
    public bool DeleteMapEntry(BpfMap map, ReadOnlySpan<byte> key)
    {
        TrackedMap tracked = Track(map);
        _compared = null;
        bool remote = tracked.Handle.Delete(key);
        bool local = Kernel.RawDelete(map, key) == 0;
        if (remote != local)
            throw new DifferentialMismatchException($"map '{tracked.Name}'", [],
                [$"key {Convert.ToHexString(key)} was {(local ? "present" : "absent")} in-process and {(remote ? "present" : "absent")} in the kernel"]);
        return remote;
    }

    /// <summary>Sets an array entry on both sides.</summary>
    public void SetArray<TValue>(ArrayMap<TValue> map, uint index, TValue value) where TValue : unmanaged =>
        SetMapEntry(map, Bytes(in index), Bytes(in value));

    /// <summary>Sets a per-CPU array entry on both sides: CPU 0 holds <paramref name="value"/>, the other CPUs zero.</summary>
    public void SetPerCpuArray<TValue>(PerCpuArrayMap<TValue> map, uint index, TValue value) where TValue : unmanaged =>
        SetMapEntry(map, Bytes(in index), Bytes(in value));

    /// <summary>Sets a hash entry on both sides.</summary>
    public void SetHash<TKey, TValue>(HashMap<TKey, TValue> map, TKey key, TValue value) where TKey : unmanaged where TValue : unmanaged =>
        SetMapEntry(map, Bytes(in key), Bytes(in value));

    /// <summary>Sets an LRU hash entry on both sides.</summary>
    public void SetHash<TKey, TValue>(LruHashMap<TKey, TValue> map, TKey key, TValue value) where TKey : unmanaged where TValue : unmanaged =>
        SetMapEntry(map, Bytes(in key), Bytes(in value));

    /// <summary>Puts an XDP program into a tail-call slot on both sides.</summary>
    public void SetTailCall(ProgramArray map, uint slot, Func<XdpContext, XdpAction> program)
    {
        ArgumentNullException.ThrowIfNull(program);
        Kernel.SetTailCall(map, slot, program);
        Track(map).Handle.SetProgram(slot, Loaded.Program(ProgramName(program.Method)));
    }

    /// <summary>Puts a TC program into a tail-call slot on both sides.</summary>
    public void SetTailCall(ProgramArray map, uint slot, Func<TcContext, TcAction> program)
    {
        ArgumentNullException.ThrowIfNull(program);
        Kernel.SetTailCall(map, slot, program);
        Track(map).Handle.SetProgram(slot, Loaded.Program(ProgramName(program.Method)));
    }

    /// <summary>
    /// Empties every array, per-CPU array and hash map on both sides (zeroed elements, no entries) and drops unread
    /// ring-buffer records; program arrays keep their slots. Use it to start each case of a property test from a known state.
    /// </summary>
    public void ResetMaps()
    {
        DrainInProcessRings();
        DrainKernelRings();
        // The entries the last comparison read are still current when nothing was written since: no need to read again.
        var compared = _compared;
        foreach (TrackedMap map in _maps.Where(m => m.HoldsEntries))
        {
            var (local, remote) = compared?[map] ?? (InProcessEntries(map), KernelEntries(map));
            if (map.IsArray)
            {
                var zero = new byte[map.Descriptor.ValueSize];
                for (int i = 0; i < local.Count; i++)
                    if (local[i].Value.AsSpan().ContainsAnyExcept((byte)0) || remote[i].Value.AsSpan().ContainsAnyExcept((byte)0))
                        SetMapEntry(map.Descriptor, local[i].Key, zero);
            }
            else
            {
                foreach (var (key, _) in remote)
                    map.Handle.Delete(key);
                foreach (var (key, _) in local)
                    Kernel.RawDelete(map.Descriptor, key);
            }
        }
        _compared = null;
    }

    /// <summary>
    /// Makes the kernel's maps hold what the in-process maps hold, for state a test built in-process with its own code
    /// (a per-CPU value goes to CPU 0 as the sum over the in-process CPUs). Program arrays and ring buffers are left alone.
    /// </summary>
    public void CopyInProcessMapsToKernel()
    {
        _compared = null;
        foreach (TrackedMap map in _maps.Where(m => m.HoldsEntries))
        {
            var local = InProcessEntries(map);
            var remote = KernelEntries(map).ToDictionary(e => Convert.ToHexString(e.Key), e => e.Value);
            var keep = local.Select(e => Convert.ToHexString(e.Key)).ToHashSet();
            // Only what differs is written: a large array the test left mostly untouched costs one batch read.
            foreach (var (key, value) in local)
                if (!remote.TryGetValue(Convert.ToHexString(key), out byte[]? current) || !current.AsSpan().SequenceEqual(value))
                    WriteKernel(map, key, value);
            if (!map.IsArray)
                foreach (var key in remote.Keys.Where(k => !keep.Contains(k)))
                    map.Handle.Delete(Convert.FromHexString(key));
        }
    }

    /// <summary>
    /// Compares every array, per-CPU array and hash map of the object; returns one line per map that differs (empty when
    /// all agree). Per-CPU values are compared as their sums over CPUs, lane by lane (the kernel runs each test run on
    /// whichever CPU the thread is on); LRU maps compare their entries, which agree while neither side has evicted.
    /// </summary>
    public IReadOnlyList<string> CompareMaps()
    {
        var differences = new List<string>();
        CompareMaps(differences);
        return differences;
    }

    private void CompareMaps(List<string> differences)
    {
        var compared = new Dictionary<TrackedMap, (List<(byte[] Key, byte[] Value)>, List<(byte[] Key, byte[] Value)>)>();
        foreach (TrackedMap map in _maps.Where(m => m.HoldsEntries))
        {
            var localEntries = InProcessEntries(map);
            var remoteEntries = KernelEntries(map);
            compared[map] = (localEntries, remoteEntries);
            if (EntriesAgree(map, localEntries, remoteEntries))
                continue;
            var local = Lines(map, localEntries);
            var remote = Lines(map, remoteEntries);
            var onlyLocal = local.Except(remote).Take(4);
            var onlyRemote = remote.Except(local).Take(4);
            differences.Add($"map '{map.Name}' differs ({local.Count} entries in-process, {remote.Count} in the kernel)"
                + $"\n   in-process only {string.Join(", ", onlyLocal)}\n   kernel only     {string.Join(", ", onlyRemote)}");
        }
        _compared = compared;
    }

    /// <summary>After a run only the in-process kernel made, gives it the kernel's maps again so later runs start alike.</summary>
    private void CopyKernelMapsToInProcess()
    {
        foreach (TrackedMap map in _maps.Where(m => m.HoldsEntries))
        {
            if (!map.IsArray)
                foreach (var (key, _) in InProcessEntries(map))
                    Kernel.RawDelete(map.Descriptor, key);
            foreach (var (key, value) in KernelEntries(map))
                WriteInProcess(map, key, value);
        }
    }

    /// <summary>Whether both sides hold the same entries; arrays compared index by index without formatting them.</summary>
    private bool EntriesAgree(TrackedMap map, List<(byte[] Key, byte[] Value)> local, List<(byte[] Key, byte[] Value)> remote)
    {
        if (!map.IsArray || local.Count != remote.Count)
            return Lines(map, local).SequenceEqual(Lines(map, remote));
        var offsets = TimeOffsets(map);
        for (int i = 0; i < local.Count; i++)
        {
            byte[] mine = local[i].Value, theirs = remote[i].Value;
            if (offsets.Count > 0)
                (mine, theirs) = (MaskTimes(mine, 0, mine.Length, offsets), MaskTimes(theirs, 0, theirs.Length, offsets));
            if (!mine.AsSpan().SequenceEqual(theirs))
                return false;
        }
        return true;
    }

    private List<int> TimeOffsets(TrackedMap map) => _timeFields.Where(f => f.Map == map.Name).Select(f => f.Offset).ToList();

    private List<string> Lines(TrackedMap map, List<(byte[] Key, byte[] Value)> entries)
    {
        var offsets = TimeOffsets(map);
        var lines = entries.Select(e => Convert.ToHexString(e.Key) + "=" +
            Convert.ToHexString(offsets.Count == 0 ? e.Value : MaskTimes(e.Value, 0, e.Value.Length, offsets))).ToList();
        if (!map.IsArray)
            lines.Sort(StringComparer.Ordinal);
        return lines;
    }

    /// <summary>The in-process entries, a per-CPU value summed over CPUs.</summary>
    private List<(byte[] Key, byte[] Value)> InProcessEntries(TrackedMap map)
    {
        var entries = Kernel.RawEntries(map.Descriptor);
        if (map.Descriptor.Kind != MapKind.PerCpuArray)
            return entries;
        int size = map.Descriptor.ValueSize;
        return [.. entries.Select(e => (e.Key, SumOverCpus(e.Value, size, size, (int)Kernel.CpuCount)))];
    }

    /// <summary>The kernel's entries (arrays by index, hashes in iteration order), a per-CPU value summed over CPUs.</summary>
    private static List<(byte[] Key, byte[] Value)> KernelEntries(TrackedMap map)
    {
        var handle = map.Handle;
        int size = map.Descriptor.ValueSize;
        var entries = new List<(byte[] Key, byte[] Value)>();
        if (map.IsArray)
        {
            bool perCpu = map.Descriptor.Kind == MapKind.PerCpuArray;
            byte[] all = ArrayBatchReader.ReadAll(handle, map.Descriptor.MaxEntries);
            int element = all.Length / map.Descriptor.MaxEntries;
            for (int index = 0; index < map.Descriptor.MaxEntries; index++)
            {
                var copies = all.AsSpan(index * element, element);
                entries.Add((BitConverter.GetBytes(index),
                    perCpu ? SumOverCpus(copies, size, handle.PerCpuValueStride, BpfMapHandle.PossibleCpus) : copies.ToArray()));
            }
            return entries;
        }

        var current = new byte[map.Descriptor.KeySize];
        var next = new byte[map.Descriptor.KeySize];
        bool first = true;
        while (handle.TryGetNextKey(first ? ReadOnlySpan<byte>.Empty : current, next))
        {
            first = false;
            var value = new byte[size];
            if (handle.TryLookup(next, value))
                entries.Add((next.ToArray(), value));
            (current, next) = (next, current);
            if (entries.Count > map.Descriptor.MaxEntries)
                throw new BpfException($"map '{map.Name}' yielded more entries than it holds while being read; something else is writing it", Errno.EAGAIN);
        }
        return entries;
    }

    /// <summary>
    /// The sum over <paramref name="cpus"/> copies (each <paramref name="stride"/> bytes apart) of a value of
    /// <paramref name="size"/> bytes, in lanes of the widest integer that divides the size: counters add up.
    /// </summary>
    private static byte[] SumOverCpus(ReadOnlySpan<byte> copies, int size, int stride, int cpus)
    {
        int lane = size % 8 == 0 ? 8 : size % 4 == 0 ? 4 : size % 2 == 0 ? 2 : 1;
        var sum = new byte[size];
        for (int offset = 0; offset < size; offset += lane)
        {
            ulong total = 0;
            for (int cpu = 0; cpu < cpus; cpu++)
            {
                var field = copies.Slice(cpu * stride + offset, lane);
                total += lane switch
                {
                    8 => BinaryPrimitives.ReadUInt64LittleEndian(field),
                    4 => BinaryPrimitives.ReadUInt32LittleEndian(field),
                    2 => BinaryPrimitives.ReadUInt16LittleEndian(field),
                    _ => field[0],
                };
            }
            Span<byte> target = sum.AsSpan(offset, lane);
            switch (lane)
            {
                case 8: BinaryPrimitives.WriteUInt64LittleEndian(target, total); break;
                case 4: BinaryPrimitives.WriteUInt32LittleEndian(target, (uint)total); break;
                case 2: BinaryPrimitives.WriteUInt16LittleEndian(target, (ushort)total); break;
                default: target[0] = (byte)total; break;
            }
        }
        return sum;
    }

    private void DiscoverMaps(IReadOnlyList<Type> mapTypes)
    {
        const BindingFlags statics = BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic;
        foreach (FieldInfo field in mapTypes.SelectMany(t => t.GetFields(statics)))
        {
            if (field.GetCustomAttribute<MapAttribute>() is not { } attribute || field.GetValue(null) is not BpfMap descriptor)
                continue;
            string name = attribute.Name ?? field.Name;
            BpfMapHandle handle = Loaded.Maps.FirstOrDefault(m => m.Name == name)
                ?? throw new DifferentialSetupException(
                    $"map field {field.DeclaringType?.Name}.{field.Name} has no map '{name}' in object '{Loaded.Name}' "
                    + $"(its maps: {string.Join(", ", Loaded.Maps.Select(m => m.Name))}); pass the types of the programs this object was compiled from");
            var tracked = new TrackedMap(name, descriptor, handle);
            _maps.Add(tracked);
            _byDescriptor.Add(descriptor, tracked);
            if (descriptor is RingBuffer ring)
            {
                var records = new List<byte[]>();
                _rings.Add((ring, new BpfRingBuffer(handle, record => records.Add(record.ToArray())), records));
            }
        }

        Maps = _maps.ToDictionary(m => m.Name, m => m.Descriptor);

        // Data sections (.rodata, .bss) are maps too; libbpf names them after the object with a dot.
        var undeclared = Loaded.Maps.Where(m => !m.Name.Contains('.') && _maps.All(t => t.Name != m.Name)).Select(m => m.Name).ToList();
        if (undeclared.Count > 0)
            throw new DifferentialSetupException(
                $"object '{Loaded.Name}' has map(s) {string.Join(", ", undeclared)} that no [Map] field of "
                + $"{string.Join(", ", mapTypes.Select(t => t.Name))} declares; pass the types that declare them, so every map is compared");
    }

    private TrackedMap Track(BpfMap map)
    {
        ArgumentNullException.ThrowIfNull(map);
        return _byDescriptor.TryGetValue(map, out TrackedMap? tracked)
            ? tracked
            : throw new ArgumentException("the map is not a [Map] field of the types this tester was loaded with", nameof(map));
    }

    private static void RequireInProcess(TrackedMap map, int error)
    {
        if (error != 0)
            throw new DifferentialMismatchException($"map '{map.Name}'", [],
                [$"the kernel accepted an update the in-process kernel refused with {Errno.Name(-error)}"]);
    }

    private static byte[] Bytes<T>(in T value) where T : unmanaged =>
        MemoryMarshal.AsBytes(new ReadOnlySpan<T>(in value)).ToArray();
}
