using BpfSharp.Loader.Interop;

namespace BpfSharp.Loader;

/// <summary>
/// A BPF object whose programs and maps live in the kernel. Disposing it closes their file
/// descriptors; pinned maps and programs, and attachments, outlive it until unpinned or detached.
/// </summary>
public sealed class LoadedBpfObject : IDisposable
{
    private IntPtr handle;
    private readonly List<BpfProgram> programs = [];
    private readonly List<BpfMapHandle> maps = [];

    internal LoadedBpfObject(IntPtr handle, string name)
    {
        this.handle = handle;
        Name = name;
        for (IntPtr prog = Libbpf.ObjectNextProgram(handle, IntPtr.Zero); prog != IntPtr.Zero; prog = Libbpf.ObjectNextProgram(handle, prog))
            programs.Add(new BpfProgram(this, BpfObjectSpec.ReadProgram(prog), prog));
        for (IntPtr map = Libbpf.ObjectNextMap(handle, IntPtr.Zero); map != IntPtr.Zero; map = Libbpf.ObjectNextMap(handle, map))
            maps.Add(BpfMapHandle.OfObject(this, BpfObjectSpec.ReadMap(map), map));
    }

    /// <summary>The object's name.</summary>
    public string Name { get; }

    /// <summary>The loaded programs, in file order.</summary>
    public IReadOnlyList<BpfProgram> Programs => programs;

    /// <summary>The object's maps, in file order.</summary>
    public IReadOnlyList<BpfMapHandle> Maps => maps;

    internal bool IsDisposed => handle == IntPtr.Zero;

    /// <summary>The loaded program with this function name.</summary>
    /// <exception cref="ArgumentException">The object has no such program.</exception>
    public BpfProgram Program(string name)
        => programs.Find(p => p.Name == name)
           ?? throw new ArgumentException($"Object '{Name}' has no program '{name}' (programs: {string.Join(", ", programs.Select(p => p.Name))}).", nameof(name));

    /// <summary>The map with this name.</summary>
    /// <exception cref="ArgumentException">The object has no such map.</exception>
    public BpfMapHandle Map(string name)
        => maps.Find(m => m.Name == name)
           ?? throw new ArgumentException($"Object '{Name}' has no map '{name}' (maps: {string.Join(", ", maps.Select(m => m.Name))}).", nameof(name));

    internal void EnsureNotDisposed()
    {
        ObjectDisposedException.ThrowIf(IsDisposed, this);
    }

    /// <summary>Closes the object's programs and maps.</summary>
    public void Dispose()
    {
        if (handle == IntPtr.Zero)
            return;
        Libbpf.ObjectClose(handle);
        handle = IntPtr.Zero;
    }
}
