using System.Runtime.InteropServices;

namespace BpfSharp.InProcess.Storage;

/// <summary>
/// <c>BPF_MAP_TYPE_HASH</c> and <c>BPF_MAP_TYPE_LRU_HASH</c>. Each value lives in its own native block; an update of a
/// present key installs a new block (as <c>htab_map_update_elem</c> does), and replaced, deleted or evicted blocks are
/// retired, not freed, so pointers a running program holds stay valid. The LRU variant keeps an exact recency order
/// (the kernel's is approximate per CPU): program lookups and updates mark an entry used, syscall lookups do not.
/// </summary>
internal sealed unsafe class HashStorage : MapStorage
{
    private sealed class Entry(byte[] key)
    {
        public byte[] Key { get; } = key;
        public byte* Value;
        public LinkedListNode<Entry>? Recency;
    }

    private readonly Dictionary<byte[], Entry> _entries = new(KeyComparer.Instance);
    private readonly Dictionary<byte[], Entry>.AlternateLookup<ReadOnlySpan<byte>> _bySpan;
    private readonly LinkedList<Entry>? _recency;

    public HashStorage(BpfMap descriptor, bool leastRecentlyUsed) : base(descriptor)
    {
        _bySpan = _entries.GetAlternateLookup<ReadOnlySpan<byte>>();
        _recency = leastRecentlyUsed ? new LinkedList<Entry>() : null;
    }

    public int Count => _entries.Count;

    /// <summary>Keys and value pointers, in no particular order (as <c>BPF_MAP_GET_NEXT_KEY</c>).</summary>
    public List<(byte[] Key, nint Value)> Entries()
    {
        var entries = new List<(byte[] Key, nint Value)>(_entries.Count);
        foreach (Entry entry in _entries.Values)
            entries.Add((entry.Key, (nint)entry.Value));
        return entries;
    }

    public override void* Lookup(void* key, bool fromProgram)
    {
        if (!_bySpan.TryGetValue(KeyOf(key), out Entry? entry))
            return null;
        if (fromProgram)
            MarkUsed(entry);
        return entry.Value;
    }

    /// <summary>Checks in the order of <c>htab_map_update_elem</c>: flags, existence, then room (or eviction for LRU).</summary>
    public override int Update(void* key, void* value, UpdateFlags flags, BlockRetirer retire)
    {
        if (!AreValid(flags))
            return -Errno.EINVAL;
        ReadOnlySpan<byte> keyBytes = KeyOf(key);
        bool present = _bySpan.TryGetValue(keyBytes, out Entry? entry);
        if (present && flags == UpdateFlags.NoExist)
            return -Errno.EEXIST;
        if (!present && flags == UpdateFlags.Exist)
            return -Errno.ENOENT;

        if (entry is null)
        {
            if (_entries.Count >= Descriptor.MaxEntries)
            {
                if (_recency is null)
                    return -Errno.E2BIG;
                Remove(_recency.First!.Value, retire);
            }
            entry = new Entry(keyBytes.ToArray());
            _entries.Add(entry.Key, entry);
        }
        else
        {
            retire(entry.Value);
        }

        entry.Value = (byte*)NativeMemory.AlignedAlloc((nuint)RoundUpTo8(Descriptor.ValueSize), 8);
        Buffer.MemoryCopy(value, entry.Value, Descriptor.ValueSize, Descriptor.ValueSize);
        MarkUsed(entry);
        return 0;
    }

    public override int Delete(void* key, BlockRetirer retire)
    {
        if (!_bySpan.TryGetValue(KeyOf(key), out Entry? entry))
            return -Errno.ENOENT;
        Remove(entry, retire);
        return 0;
    }

    public override void Dispose()
    {
        foreach (Entry entry in _entries.Values)
            NativeMemory.AlignedFree(entry.Value);
        _entries.Clear();
        _recency?.Clear();
    }

    private ReadOnlySpan<byte> KeyOf(void* key) => new(key, Descriptor.KeySize);

    private void Remove(Entry entry, BlockRetirer retire)
    {
        _entries.Remove(entry.Key);
        if (entry.Recency is not null)
            _recency!.Remove(entry.Recency);
        retire(entry.Value);
    }

    private void MarkUsed(Entry entry)
    {
        if (_recency is null)
            return;
        if (entry.Recency is null)
            entry.Recency = _recency.AddLast(entry);
        else
        {
            _recency.Remove(entry.Recency);
            _recency.AddLast(entry.Recency);
        }
    }
}
