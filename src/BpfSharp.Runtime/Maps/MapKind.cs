namespace BpfSharp;

/// <summary>Kernel map types the programming model offers (values of <c>enum bpf_map_type</c>).</summary>
public enum MapKind : uint
{
    /// <summary><c>BPF_MAP_TYPE_HASH</c>.</summary>
    Hash = 1,
    /// <summary><c>BPF_MAP_TYPE_ARRAY</c>.</summary>
    Array = 2,
    /// <summary><c>BPF_MAP_TYPE_PROG_ARRAY</c>.</summary>
    ProgramArray = 3,
    /// <summary><c>BPF_MAP_TYPE_PERCPU_ARRAY</c>.</summary>
    PerCpuArray = 6,
    /// <summary><c>BPF_MAP_TYPE_LRU_HASH</c>.</summary>
    LruHash = 9,
    /// <summary><c>BPF_MAP_TYPE_RINGBUF</c>.</summary>
    RingBuffer = 27,
}

/// <summary>Flags of <c>bpf_map_update_elem</c>.</summary>
public enum UpdateFlags : ulong
{
    /// <summary><c>BPF_ANY</c>: create or replace.</summary>
    Any = 0,
    /// <summary><c>BPF_NOEXIST</c>: create only; <c>-EEXIST</c> when the key exists.</summary>
    NoExist = 1,
    /// <summary><c>BPF_EXIST</c>: replace only; <c>-ENOENT</c> when the key does not exist.</summary>
    Exist = 2,
}
