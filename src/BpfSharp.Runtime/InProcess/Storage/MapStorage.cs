namespace BpfSharp.InProcess.Storage;

/// <summary>
/// The storage of one map inside one <see cref="InProcessKernel"/>. Operations take raw key and value pointers of the
/// descriptor's sizes, as the helpers do; <see cref="BlockRetirer"/> decides when replaced memory may be freed.
/// </summary>
internal abstract unsafe class MapStorage(BpfMap descriptor) : IDisposable
{
    public BpfMap Descriptor { get; } = descriptor;

    /// <summary><c>bpf_map_lookup_elem</c> from a program (<paramref name="fromProgram"/>) or from the bpf syscall.</summary>
    public virtual void* Lookup(void* key, bool fromProgram) => throw Unsupported("lookup");

    /// <summary><c>bpf_map_update_elem</c>; the value is copied.</summary>
    public virtual int Update(void* key, void* value, UpdateFlags flags, BlockRetirer retire) => throw Unsupported("update");

    /// <summary><c>bpf_map_delete_elem</c>.</summary>
    public virtual int Delete(void* key, BlockRetirer retire) => throw Unsupported("delete");

    public abstract void Dispose();

    /// <summary>The flags every update accepts: <c>BPF_ANY</c>, <c>BPF_NOEXIST</c>, <c>BPF_EXIST</c>.</summary>
    protected static bool AreValid(UpdateFlags flags) => flags <= UpdateFlags.Exist;

    protected static int RoundUpTo8(int size) => (size + 7) & ~7;

    private InvalidOperationException Unsupported(string operation) => new(
        $"a {Descriptor.Kind} map does not support {operation} (the verifier rejects this call); use its own operations");
}

/// <summary>
/// Hands memory a map no longer references to the kernel, which frees it now or, while a program runs, when the run
/// ends: a program may still hold a pointer from an earlier lookup, as RCU guarantees in the kernel.
/// </summary>
internal unsafe delegate void BlockRetirer(void* block);
