namespace BpfSharp;

/// <summary>
/// What the programming model needs from whatever runs a program: the kernel helpers behind maps, ring buffers, tail
/// calls, time, CPU and redirects. The model calls the host running on the current thread
/// (<see cref="ProgramHost.Current"/>) and never names a host; the in-process kernel is one host. Compiled programs do
/// not go through it: the code generator turns the same calls into helper calls.
/// </summary>
internal unsafe interface IProgramHost
{
    /// <summary><c>bpf_map_lookup_elem</c>: the value of <paramref name="key"/> in <paramref name="map"/>, or null.</summary>
    void* Lookup(BpfMap map, void* key);

    /// <summary><c>bpf_map_update_elem</c>: 0 or a negative errno.</summary>
    int Update(BpfMap map, void* key, void* value, UpdateFlags flags);

    /// <summary><c>bpf_map_delete_elem</c>: 0 or a negative errno.</summary>
    int Delete(BpfMap map, void* key);

    /// <summary><c>bpf_tail_call</c>: does not return when the slot holds a program; falls through otherwise.</summary>
    void TailCall(ProgramArray programs, uint slot);

    /// <summary><c>bpf_ringbuf_reserve</c>: space for a record of <paramref name="size"/> bytes, or null when full.</summary>
    void* RingReserve(RingBuffer ring, uint size);

    /// <summary><c>bpf_ringbuf_submit</c>, or <c>bpf_ringbuf_discard</c> when <paramref name="discard"/>.</summary>
    void RingCommit(RingBuffer ring, void* record, bool discard);

    /// <summary><c>bpf_ringbuf_output</c>: 0, or a negative errno when there is no room.</summary>
    int RingOutput(RingBuffer ring, void* data, ulong size);

    /// <summary><c>bpf_ringbuf_query</c>: what <paramref name="what"/> names, or 0 for an unknown query.</summary>
    ulong RingQuery(RingBuffer ring, RingBufferQuery what);

    /// <summary><c>bpf_ktime_get_ns</c>.</summary>
    ulong KtimeGetNs();

    /// <summary><c>bpf_get_smp_processor_id</c>.</summary>
    uint GetSmpProcessorId();

    /// <summary><c>bpf_redirect</c> (flags 0): records the target and returns <paramref name="action"/>, the redirect verdict.</summary>
    int Redirect(uint ifindex, uint action);

    /// <summary><c>bpf_clone_redirect</c>: sends a copy of <paramref name="packet"/> as it is now; 0 or a negative errno.</summary>
    int CloneRedirect(IPacket packet, uint ifindex, bool ingress);
}
