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
        _kernelImages.Remove(tracked);
        if (value.Length != map.ValueSize)
            throw new ArgumentException($"map '{tracked.Name}' holds values of {map.ValueSize} bytes, not {value.Length}", nameof(value));
        WriteKernel(tracked, key, value);
        WriteInProcess(tracked, key, value);
        if (map.Kind == MapKind.LruHash && _lruEvictsEarly && TakeEarlyEviction(tracked, InProcessImage(tracked), KernelImage(tracked)) is { } reason)
            _declaredBeforeRun ??= reason;
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
        _kernelImages.Remove(tracked);
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
    /// <remarks>
    /// The kernel's content is the tester's record of it when it has one (what the last comparison read, with the tester's
    /// own writes since): a write made to <see cref="Loaded"/>'s maps directly, not through the tester, is seen at the next comparison.
    /// </remarks>
    public void ResetMaps()
    {
        DrainInProcessRings();
        DrainKernelRings();
        foreach (TrackedMap map in _maps.Where(m => m.HoldsEntries))
        {
            MapImage local = InProcessImage(map);
            MapImage remote = KnownKernelImage(map);
            if (map.IsArray)
            {
                var zero = new byte[map.Descriptor.ValueSize];
                for (int i = 0; i < local.Count; i++)
                    if (local.Element(i).ContainsAnyExcept((byte)0) || remote.Element(i).ContainsAnyExcept((byte)0))
                        SetMapEntry(map.Descriptor, MapImage.IndexKey(i), zero);
                _kernelImages[map] = MapImage.OfArray(new byte[local.Values!.Length], local.ValueSize);
            }
            else
            {
                foreach (var (key, _) in remote.Entries!)
                    map.Handle.Delete(key);
                foreach (var (key, _) in local.Entries!)
                    Kernel.RawDelete(map.Descriptor, key);
                _kernelImages[map] = MapImage.OfHash([]);
            }
        }
    }

    /// <summary>
    /// Makes the kernel's maps hold what the in-process maps hold, for state a test built in-process with its own code
    /// (a per-CPU value goes to CPU 0 as the sum over the in-process CPUs). Program arrays and ring buffers are left alone.
    /// Only the elements that differ are written, an array's in one batch.
    /// </summary>
    /// <remarks>As <see cref="ResetMaps"/>, this relies on the tester's record of the kernel's content when it has one.</remarks>
    public void CopyInProcessMapsToKernel()
    {
        foreach (TrackedMap map in _maps.Where(m => m.HoldsEntries))
        {
            MapImage local = InProcessImage(map);
            MapImage remote = KnownKernelImage(map);
            _kernelImages.Remove(map);
            if (map.IsArray)
                WriteKernelElements(map, local, remote);
            else
                WriteKernelEntries(map, local.Entries!, remote.Entries!);
            _kernelImages[map] = local;
        }
    }

    /// <summary>Writes to the kernel's array the elements of <paramref name="local"/> that differ from <paramref name="remote"/>, in one batch.</summary>
    private static void WriteKernelElements(TrackedMap map, MapImage local, MapImage remote)
    {
        var changed = new List<int>();
        for (int i = 0; i < local.Count; i++)
            if (!local.Element(i).SequenceEqual(remote.Element(i)))
                changed.Add(i);
        if (changed.Count == 0)
            return;
        BpfMapHandle handle = map.Handle;
        int stride = handle.BatchValueSize;
        var keys = new byte[changed.Count * sizeof(uint)];
        // A per-CPU element gets its value on CPU 0 and zero on the others: the CPUs' sum is the value.
        var values = new byte[changed.Count * stride];
        for (int n = 0; n < changed.Count; n++)
        {
            BitConverter.TryWriteBytes(keys.AsSpan(n * sizeof(uint)), (uint)changed[n]);
            local.Element(changed[n]).CopyTo(values.AsSpan(n * stride));
        }
        handle.UpdateBatch(keys, values);
    }

    /// <summary>Makes the kernel's hash map hold <paramref name="local"/>, given that it holds <paramref name="remote"/>.</summary>
    private static void WriteKernelEntries(TrackedMap map, List<(byte[] Key, byte[] Value)> local, List<(byte[] Key, byte[] Value)> remote)
    {
        var current = remote.ToDictionary(e => Convert.ToHexString(e.Key), e => e.Value);
        var keep = local.Select(e => Convert.ToHexString(e.Key)).ToHashSet();
        foreach (var (key, value) in local)
            if (!current.TryGetValue(Convert.ToHexString(key), out byte[]? held) || !held.AsSpan().SequenceEqual(value))
                WriteKernel(map, key, value);
        foreach (var key in current.Keys.Where(k => !keep.Contains(k)))
            map.Handle.Delete(Convert.FromHexString(key));
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

    /// <summary>
    /// Reads every map in full on both sides and compares them; the kernel's reads become the tester's record. Returns
    /// the declared difference when the only one is an LRU hash the kernel emptied early, which the in-process map then
    /// follows, so that later runs start alike.
    /// </summary>
    private string? CompareMaps(List<string> differences)
    {
        string? declared = null;
        foreach (TrackedMap map in _maps.Where(m => m.HoldsEntries))
        {
            MapImage localImage = InProcessImage(map);
            MapImage remoteImage = KernelImage(map);
            _kernelImages[map] = remoteImage;
            if (ImagesAgree(map, localImage, remoteImage))
                continue;
            var local = Lines(map, localImage.ToEntries());
            var remote = Lines(map, remoteImage.ToEntries());
            if (map.Descriptor.Kind == MapKind.LruHash && _lruEvictsEarly && TakeEarlyEviction(map, localImage, remoteImage) is { } reason)
            {
                declared ??= reason;
                continue;
            }
            var onlyLocal = local.Except(remote).Take(4);
            var onlyRemote = remote.Except(local).Take(4);
            differences.Add($"map '{map.Name}' differs ({local.Count} entries in-process, {remote.Count} in the kernel)"
                + $"\n   in-process only {string.Join(", ", onlyLocal)}\n   kernel only     {string.Join(", ", onlyRemote)}");
        }
        return differences.Count == 0 ? declared : null;
    }

    /// <summary>
    /// When the kernel's LRU hash holds a strict subset of the in-process one (a kernel before 6.16 evicting before its
    /// map is full), drops from the in-process map what the kernel evicted and returns the declared reason; else null.
    /// Deleting only those entries keeps the in-process recency order of the rest.
    /// </summary>
    private string? TakeEarlyEviction(TrackedMap map, MapImage localImage, MapImage remoteImage)
    {
        var local = Lines(map, localImage.ToEntries());
        var remote = Lines(map, remoteImage.ToEntries());
        if (remote.Count >= local.Count || !remote.All(local.Contains))
            return null;
        var kept = remoteImage.ToEntries().Select(e => Convert.ToHexString(e.Key)).ToHashSet();
        foreach (var (key, _) in localImage.ToEntries().Where(e => !kept.Contains(Convert.ToHexString(e.Key))))
            Kernel.RawDelete(map.Descriptor, key);
        return KnownDifferences.LruEvictedEarly(map.Name, remote.Count, local.Count, map.Descriptor.MaxEntries);
    }

    /// <summary>After a run only the in-process kernel made, gives it the kernel's maps again so later runs start alike.</summary>
    private void CopyKernelMapsToInProcess()
    {
        foreach (TrackedMap map in _maps.Where(m => m.HoldsEntries))
        {
            if (!map.IsArray)
                foreach (var (key, _) in InProcessImage(map).Entries!)
                    Kernel.RawDelete(map.Descriptor, key);
            foreach (var (key, value) in KernelImage(map).ToEntries())
                WriteInProcess(map, key, value);
        }
    }

    /// <summary>Whether both sides hold the same entries; arrays compared as whole blocks, element by element when they hold times.</summary>
    private bool ImagesAgree(TrackedMap map, MapImage local, MapImage remote)
    {
        if (!map.IsArray || local.Count != remote.Count)
            return Lines(map, local.ToEntries()).SequenceEqual(Lines(map, remote.ToEntries()));
        var offsets = TimeOffsets(map);
        if (offsets.Count == 0)
            return local.Values.AsSpan().SequenceEqual(remote.Values);
        for (int i = 0; i < local.Count; i++)
        {
            byte[] mine = local.Element(i).ToArray(), theirs = remote.Element(i).ToArray();
            if (!MaskTimes(mine, 0, mine.Length, offsets).AsSpan().SequenceEqual(MaskTimes(theirs, 0, theirs.Length, offsets)))
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

    /// <summary>The in-process content, a per-CPU value summed over CPUs.</summary>
    private MapImage InProcessImage(TrackedMap map)
    {
        if (!map.IsArray)
            return MapImage.OfHash(Kernel.RawEntries(map.Descriptor));
        int size = map.Descriptor.ValueSize;
        byte[] values = Kernel.RawArrayValues(map.Descriptor);
        if (map.Descriptor.Kind == MapKind.PerCpuArray)
            values = SumElements(values, map.Descriptor.MaxEntries, size, size, (int)Kernel.CpuCount);
        return MapImage.OfArray(values, size);
    }

    /// <summary>The kernel's content as the tester's record has it, else as read now.</summary>
    private MapImage KnownKernelImage(TrackedMap map) => _kernelImages.GetValueOrDefault(map) ?? KernelImage(map);

    /// <summary>The kernel's content, read in one batch (arrays by index, hashes in bucket order), a per-CPU value summed over CPUs.</summary>
    private static MapImage KernelImage(TrackedMap map)
    {
        BpfMapHandle handle = map.Handle;
        BpfMap descriptor = map.Descriptor;
        var keys = new byte[descriptor.MaxEntries * descriptor.KeySize];
        var values = new byte[descriptor.MaxEntries * handle.BatchValueSize];
        int count = handle.LookupBatch(keys, values);
        if (map.IsArray)
        {
            if (count != descriptor.MaxEntries)
                throw new BpfException($"array map '{map.Name}' returned {count} of its {descriptor.MaxEntries} elements in one batch", Errno.EAGAIN);
            if (descriptor.Kind == MapKind.PerCpuArray)
                values = SumElements(values, count, descriptor.ValueSize, handle.PerCpuValueStride, BpfMapHandle.PossibleCpus);
            return MapImage.OfArray(values, descriptor.ValueSize);
        }
        var entries = new List<(byte[] Key, byte[] Value)>(count);
        for (int i = 0; i < count; i++)
            entries.Add((keys.AsSpan(i * descriptor.KeySize, descriptor.KeySize).ToArray(),
                values.AsSpan(i * descriptor.ValueSize, descriptor.ValueSize).ToArray()));
        return MapImage.OfHash(entries);
    }

    /// <summary>
    /// <paramref name="elements"/> per-CPU elements (each <paramref name="cpus"/> copies <paramref name="stride"/> bytes
    /// apart) summed into one value of <paramref name="size"/> bytes each.
    /// </summary>
    private static byte[] SumElements(byte[] copies, int elements, int size, int stride, int cpus)
    {
        var sums = new byte[elements * size];
        for (int i = 0; i < elements; i++)
            SumOverCpus(copies.AsSpan(i * stride * cpus, stride * cpus), size, stride, cpus).CopyTo(sums, i * size);
        return sums;
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
                _ringMemories.Add(ring, new KernelRingMemory(handle));
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
