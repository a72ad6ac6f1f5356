namespace BpfSharp.Compiler.Surface;

/// <summary>
/// A member of the runtime surface that the code generator lowers itself (to a context load, a kernel helper call or an
/// LLVM intrinsic) instead of compiling a body. <see cref="RuntimeSurface"/> says which C# member is which.
/// </summary>
public enum Intrinsic
{
    /// <summary><c>XdpContext.Data</c>: <c>ctx-&gt;data</c> of <c>struct xdp_md</c>.</summary>
    XdpData,
    /// <summary><c>XdpContext.DataEnd</c>.</summary>
    XdpDataEnd,
    /// <summary><c>XdpContext.IngressIfindex</c>.</summary>
    XdpIngressIfindex,
    /// <summary><c>XdpContext.RxQueueIndex</c>.</summary>
    XdpRxQueueIndex,
    /// <summary><c>TcContext.Data</c>: <c>skb-&gt;data</c> of <c>struct __sk_buff</c>.</summary>
    SkbData,
    /// <summary><c>TcContext.DataEnd</c>.</summary>
    SkbDataEnd,
    /// <summary><c>TcContext.Length</c>.</summary>
    SkbLength,
    /// <summary><c>TcContext.Mark</c>.</summary>
    SkbMark,
    /// <summary><c>TcContext.Ifindex</c>.</summary>
    SkbIfindex,
    /// <summary><c>XdpContext.Header&lt;T&gt;</c> and <c>TcContext.Header&lt;T&gt;</c>: a bounds-checked packet pointer.</summary>
    Header,
    /// <summary><c>LoadBytes</c> of either context (<c>bpf_xdp_load_bytes</c>, <c>bpf_skb_load_bytes</c>).</summary>
    LoadBytes,
    /// <summary><c>StoreBytes</c> of either context (<c>bpf_xdp_store_bytes</c>, <c>bpf_skb_store_bytes</c>).</summary>
    StoreBytes,
    /// <summary><c>XdpContext.AdjustHead</c> (<c>bpf_xdp_adjust_head</c>).</summary>
    AdjustHead,
    /// <summary><c>XdpContext.AdjustTail</c> (<c>bpf_xdp_adjust_tail</c>).</summary>
    AdjustTail,
    /// <summary><c>Redirect</c> of either context (<c>bpf_redirect</c>).</summary>
    Redirect,
    /// <summary><c>TcContext.CloneRedirect</c> (<c>bpf_clone_redirect</c>).</summary>
    CloneRedirect,
    /// <summary><c>Lookup</c> of an array, hash, LRU hash or per-CPU array map (<c>bpf_map_lookup_elem</c>).</summary>
    MapLookup,
    /// <summary><c>Update</c> of a map (<c>bpf_map_update_elem</c>).</summary>
    MapUpdate,
    /// <summary><c>Delete</c> of a hash map (<c>bpf_map_delete_elem</c>).</summary>
    MapDelete,
    /// <summary><c>ProgramArray.TailCall</c> (<c>bpf_tail_call</c>).</summary>
    TailCall,
    /// <summary><c>RingBuffer.Reserve&lt;T&gt;</c> (<c>bpf_ringbuf_reserve</c>).</summary>
    RingReserve,
    /// <summary><c>RingBuffer.Submit</c> (<c>bpf_ringbuf_submit</c>).</summary>
    RingSubmit,
    /// <summary><c>RingBuffer.Discard</c> (<c>bpf_ringbuf_discard</c>).</summary>
    RingDiscard,
    /// <summary><c>RingBuffer.Output</c> (<c>bpf_ringbuf_output</c>).</summary>
    RingOutput,
    /// <summary><c>RingBuffer.Query</c> (<c>bpf_ringbuf_query</c>).</summary>
    RingQuery,
    /// <summary><c>Bpf.KtimeGetNs</c> (<c>bpf_ktime_get_ns</c>).</summary>
    KtimeGetNs,
    /// <summary><c>Bpf.GetSmpProcessorId</c> (<c>bpf_get_smp_processor_id</c>).</summary>
    GetSmpProcessorId,
    /// <summary><c>Checksum.Diff</c> (<c>bpf_csum_diff</c>).</summary>
    ChecksumDiff,
    /// <summary><c>Checksum.Fold</c>: folded in instructions.</summary>
    ChecksumFold,
    /// <summary><c>BinaryPrimitives.ReverseEndianness</c> and <c>ByteOrder</c>'s conversions (<c>llvm.bswap</c>).</summary>
    ByteSwap,
    /// <summary><c>BitOperations.PopCount</c> (<c>llvm.ctpop</c>).</summary>
    PopCount,
    /// <summary><c>BitOperations.TrailingZeroCount</c> (<c>llvm.cttz</c>).</summary>
    TrailingZeroCount,
    /// <summary><c>BitOperations.LeadingZeroCount</c> (<c>llvm.ctlz</c>).</summary>
    LeadingZeroCount,
    /// <summary><c>BitOperations.RotateLeft</c> (<c>llvm.fshl</c>).</summary>
    RotateLeft,
    /// <summary><c>BitOperations.RotateRight</c> (<c>llvm.fshr</c>).</summary>
    RotateRight,
    /// <summary><c>Interlocked.Add</c>: <c>atomicrmw add</c>, returning the new value.</summary>
    AtomicAdd,
    /// <summary><c>Interlocked.Increment</c>: <c>atomicrmw add 1</c>, returning the new value.</summary>
    AtomicIncrement,
    /// <summary><c>Interlocked.Decrement</c>: <c>atomicrmw sub 1</c>, returning the new value.</summary>
    AtomicDecrement,
    /// <summary><c>Interlocked.Exchange</c>: <c>atomicrmw xchg</c>, returning the old value.</summary>
    AtomicExchange,
    /// <summary><c>Interlocked.CompareExchange</c>: <c>cmpxchg</c>, returning the old value.</summary>
    AtomicCompareExchange,
    /// <summary><c>Interlocked.Or</c>: <c>atomicrmw or</c>, returning the old value.</summary>
    AtomicOr,
    /// <summary><c>Interlocked.And</c>: <c>atomicrmw and</c>, returning the old value.</summary>
    AtomicAnd,
    /// <summary>The <c>Length</c> of a <c>u8</c> literal's <c>ReadOnlySpan&lt;byte&gt;</c>.</summary>
    ByteSpanLength,
    /// <summary>The indexer of a <c>u8</c> literal's <c>ReadOnlySpan&lt;byte&gt;</c>.</summary>
    ByteSpanIndexer,
}
