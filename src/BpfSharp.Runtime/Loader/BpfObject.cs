using System.Runtime.InteropServices;
using BpfSharp.Loader.Interop;

namespace BpfSharp.Loader;

/// <summary>
/// A BPF ELF object opened by libbpf but not yet loaded: what the file declares (its <see cref="Spec"/>)
/// and the choices that must be made before load (pin paths, reused maps, variable values).
/// <see cref="Load"/> hands the object to the kernel and returns the loaded form.
/// </summary>
public sealed unsafe class BpfObject : IDisposable
{
    private const nuint VerifierLogBufferSize = 16 * 1024 * 1024;

    private IntPtr handle;
    private byte* elfCopy;
    private readonly nuint elfLength;
    private readonly string? path;
    private byte[]? fileImage;
    private Dictionary<string, DataSectionVariable>? variables;
    private State state = State.Opened;

    private BpfObject(IntPtr handle, string name, string? path, byte* elfCopy, nuint elfLength)
    {
        this.handle = handle;
        this.path = path;
        this.elfCopy = elfCopy;
        this.elfLength = elfLength;
        Name = name;
    }

    private enum State { Opened, LoadFailed, Loaded, Disposed }

    /// <summary>The object's name (which prefixes its data-section map names).</summary>
    public string Name { get; }

    /// <summary>Opens an ELF object file.</summary>
    /// <exception cref="BpfException">The file is missing or is not a valid BPF object.</exception>
    public static BpfObject Open(string path, BpfObjectOpenOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        KernelSupport.EnsureLibbpf();
        if (!File.Exists(path))
            throw new BpfException($"Opening BPF object '{path}' failed: the file does not exist.", Errno.ENOENT);
        string name = options?.ObjectName ?? Path.GetFileName(path).Split('.')[0];
        return OpenWith(options, name, (opts) => Libbpf.ObjectOpenFile(path, opts), $"'{path}'", path, null, 0);
    }

    /// <summary>Opens an ELF object held in memory (for example one emitted by the BpfSharp compiler).</summary>
    /// <exception cref="BpfException">The bytes are not a valid BPF object.</exception>
    public static BpfObject Open(ReadOnlySpan<byte> elf, BpfObjectOpenOptions? options = null)
    {
        if (elf.IsEmpty)
            throw new ArgumentException("The ELF image is empty.", nameof(elf));
        KernelSupport.EnsureLibbpf();
        string name = options?.ObjectName ?? "bpf_object";
        // libelf may read the image lazily, so it lives as long as the object.
        nuint length = (nuint)elf.Length;
        byte* copy = (byte*)NativeMemory.Alloc(length);
        elf.CopyTo(new Span<byte>(copy, elf.Length));
        return OpenWith((options ?? new BpfObjectOpenOptions()) with { ObjectName = name }, name,
            (opts) => Libbpf.ObjectOpenMem(copy, length, opts), $"'{name}' from memory", null, copy, length);
    }

    private static BpfObject OpenWith(BpfObjectOpenOptions? options, string name, OpenFunction open, string what, string? path, byte* elfCopy, nuint elfLength)
    {
        IntPtr objectName = Marshal.StringToCoTaskMemUTF8(options?.ObjectName);
        IntPtr pinRoot = Marshal.StringToCoTaskMemUTF8(options?.PinRootPath);
        try
        {
            var opts = new BpfObjectOpenOpts
            {
                Size = (nuint)sizeof(BpfObjectOpenOpts),
                ObjectName = (byte*)objectName,
                PinRootPath = (byte*)pinRoot,
            };
            using var messages = LibbpfMessages.Capture();
            IntPtr handle = open(&opts);
            if (handle == IntPtr.Zero)
            {
                int errno = Marshal.GetLastPInvokeError();
                if (elfCopy != null)
                    NativeMemory.Free(elfCopy);
                string detail = messages.Messages.Count > 0 ? "\nlibbpf said:\n" + string.Join('\n', messages.Messages) : "";
                throw new BpfException($"Opening BPF object {what} failed: {Errno.Describe(errno)}.{detail}", errno);
            }
            return new BpfObject(handle, name, path, elfCopy, elfLength);
        }
        finally
        {
            Marshal.FreeCoTaskMem(objectName);
            Marshal.FreeCoTaskMem(pinRoot);
        }
    }

    private delegate IntPtr OpenFunction(BpfObjectOpenOpts* opts);

    /// <summary>What the object declares, with the pin paths set so far.</summary>
    public BpfObjectSpec Spec
    {
        get
        {
            EnsureOpened();
            return BpfObjectSpec.Read(handle, Name, Variables.Keys);
        }
    }

    /// <summary>The programs the object declares, in file order.</summary>
    public IReadOnlyList<BpfProgramInfo> Programs => Spec.Programs;

    /// <summary>The maps the object declares, including its data-section maps, with any pin path set so far.</summary>
    public IReadOnlyList<BpfMapInfo> Maps => Spec.Maps;

    /// <summary>The names of the global variables in the object's <c>.rodata</c>, <c>.data</c> and <c>.bss</c> sections.</summary>
    public IReadOnlyCollection<string> VariableNames => Spec.VariableNames;

    /// <summary>
    /// Makes the map live at <paramref name="path"/> on bpffs: on load, libbpf reuses the map already
    /// pinned there if it is compatible, and otherwise creates the map and pins it there. Null clears it.
    /// </summary>
    public void SetPinPath(string mapName, string? path)
    {
        IntPtr map = FindMap(mapName);
        int result = Libbpf.MapSetPinPath(map, path);
        if (result < 0)
            throw BpfException.FromErrno($"Setting the pin path of map '{mapName}' to '{path}'", result);
    }

    /// <summary>
    /// Makes the map use the map pinned at <paramref name="path"/> instead of creating a new one, so
    /// that two objects or two processes share it.
    /// </summary>
    /// <exception cref="BpfException">Nothing is pinned there (ENOENT) or the pinned map cannot stand in.</exception>
    public void ReusePinnedMap(string mapName, string path)
    {
        IntPtr map = FindMap(mapName);
        int fd = Libbpf.ObjectGetPinned(path);
        if (fd < 0)
            throw BpfException.FromErrno($"Opening the map pinned at '{path}'", fd);
        try
        {
            int result = Libbpf.MapReuseFd(map, fd);
            if (result < 0)
                throw BpfException.FromErrno($"Reusing the map pinned at '{path}' for map '{mapName}'", result);
        }
        finally
        {
            Libc.Close(fd);
        }
    }

    /// <summary>Sets a global variable (for example a <c>const volatile</c> configuration value in .rodata) before load.</summary>
    /// <exception cref="ArgumentException">No such variable, or the value's size differs from the variable's.</exception>
    public void SetVariable<T>(string name, T value) where T : unmanaged
        => SetVariable(name, MemoryMarshal.AsBytes(new ReadOnlySpan<T>(in value)));

    /// <summary>Sets a global variable's bytes before load; the length must equal the variable's size.</summary>
    public void SetVariable(string name, ReadOnlySpan<byte> value)
    {
        var variable = FindVariable(name);
        if (value.Length != variable.Size)
            throw new ArgumentException($"Variable '{name}' in {variable.SectionName} is {variable.Size} bytes; the value given is {value.Length} bytes.", nameof(value));
        var section = InitialValue(variable).ToArray();
        value.CopyTo(section.AsSpan(variable.Offset, variable.Size));
        fixed (byte* data = section)
        {
            int result = Libbpf.MapSetInitialValue(variable.Map, data, (nuint)section.Length);
            if (result < 0)
                throw BpfException.FromErrno($"Setting variable '{name}' in {variable.SectionName}", result);
        }
    }

    /// <summary>Reads a global variable's value as it will be loaded.</summary>
    public T GetVariable<T>(string name) where T : unmanaged
    {
        var bytes = GetVariable(name);
        if (bytes.Length != sizeof(T))
            throw new ArgumentException($"Variable '{name}' is {bytes.Length} bytes; {typeof(T).Name} is {sizeof(T)} bytes.", nameof(T));
        return MemoryMarshal.Read<T>(bytes);
    }

    /// <summary>Reads a global variable's bytes as they will be loaded.</summary>
    public byte[] GetVariable(string name)
    {
        var variable = FindVariable(name);
        return InitialValue(variable).Slice(variable.Offset, variable.Size).ToArray();
    }

    /// <summary>
    /// Loads every program and creates (or reuses) every map. On success this object is consumed and
    /// the returned <see cref="LoadedBpfObject"/> owns the kernel resources; on failure this object can
    /// only be disposed.
    /// </summary>
    /// <exception cref="BpfLoadException">The verifier or the kernel refused the object; the message has the verifier log tail.</exception>
    /// <exception cref="BpfPermissionException">The process may not load BPF programs.</exception>
    /// <exception cref="KernelBtfMissingException">The object needs the kernel's BTF, which this kernel lacks.</exception>
    public LoadedBpfObject Load()
    {
        EnsureOpened();
        var programs = new List<IntPtr>();
        for (IntPtr prog = Libbpf.ObjectNextProgram(handle, IntPtr.Zero); prog != IntPtr.Zero; prog = Libbpf.ObjectNextProgram(handle, prog))
            programs.Add(prog);
        var logs = new byte*[programs.Count];
        try
        {
            for (int i = 0; i < programs.Count; i++)
            {
                // Large and lazily committed: the kernel keeps the log's tail when it overflows, which is what the exception shows.
                logs[i] = (byte*)NativeMemory.Alloc(VerifierLogBufferSize);
                logs[i][0] = 0;
                Libbpf.ProgramSetLogBuf(programs[i], logs[i], VerifierLogBufferSize);
            }
            using var messages = LibbpfMessages.Capture();
            int result = Libbpf.ObjectLoad(handle);
            if (result < 0)
            {
                state = State.LoadFailed;
                throw LoadFailure(-result, programs, logs, messages.Messages);
            }
            var loaded = new LoadedBpfObject(handle, Name);
            handle = IntPtr.Zero;
            state = State.Loaded;
            ReleaseElfCopy(); // libbpf is done with the ELF image once the object is loaded
            return loaded;
        }
        finally
        {
            for (int i = 0; i < programs.Count; i++)
            {
                if (logs[i] == null)
                    continue;
                Libbpf.ProgramSetLogBuf(programs[i], null, 0);
                NativeMemory.Free(logs[i]);
            }
        }
    }

    private BpfException LoadFailure(int errno, List<IntPtr> programs, byte*[] logs, IReadOnlyList<string> messages)
    {
        if (errno == Errno.EPERM)
            return new BpfPermissionException($"Loading BPF object '{Name}'");
        bool mentionsKernelBtf = messages.Any(m => m.Contains("vmlinux BTF", StringComparison.OrdinalIgnoreCase)
                                                || m.Contains("kernel BTF", StringComparison.OrdinalIgnoreCase));
        if (mentionsKernelBtf && !File.Exists(KernelSupport.VmlinuxBtfPath))
            return new KernelBtfMissingException($"Loading BPF object '{Name}' failed: {string.Join(' ', messages)}.", errno);
        for (int i = 0; i < programs.Count; i++)
        {
            if (logs[i][0] != 0)
            {
                string log = NativeText.Read(logs[i]);
                string program = NativeText.Read(Libbpf.ProgramName(programs[i]));
                // Before 6.4 a log that outgrew its buffer is its head: its last instruction is not the failing one.
                bool logIsHead = errno == Errno.ENOSPC && KernelHelpers.ReleaseOf(KernelHelpers.RunningKernelRelease()) is { } release && release < new Version(6, 4);
                string? mapped = logIsHead ? null : SourceLineFromLineInfo(program, log);
                return new BpfLoadException(Name, program, errno, log, messages, mapped);
            }
        }
        return new BpfLoadException(Name, ProgramNamedIn(messages), errno, string.Empty, messages);
    }

    /// <summary>
    /// The source line, as "file:line: code", that the object's BTF line info (<c>.BTF.ext</c>) gives for instruction
    /// <paramref name="instruction"/> of program <paramref name="programName"/>, numbered as the verifier's log numbers
    /// them; what kernels from 6.9 print as "; code @ file:line". Null when the object has no line info for it.
    /// </summary>
    /// <exception cref="ObjectDisposedException">The object was disposed.</exception>
    /// <exception cref="InvalidOperationException">The object was opened from memory and has been loaded (its image is released).</exception>
    public string? SourceLineOf(string programName, int instruction)
    {
        ArgumentNullException.ThrowIfNull(programName);
        ObjectDisposedException.ThrowIf(state == State.Disposed, this);
        if (path is null && elfCopy == null)
            throw new InvalidOperationException($"BPF object '{Name}' was opened from memory and is loaded: its ELF image is released, so ask before Load().");
        return ElfImage() is { } image ? SourceLines.FailingInstruction.SourceLine(image, programName, instruction, annotation: null) : null;
    }

    /// <summary>
    /// For a verifier log without "@ file:line" annotations (kernels before 6.9), the source line of its last
    /// instruction from the object's own BTF line info; null when the log has annotations or the object cannot say.
    /// </summary>
    private string? SourceLineFromLineInfo(string program, string log)
    {
        if (BpfLoadException.LastSourceLine(log) is not null)
            return null;
        return ElfImage() is { } image ? SourceLines.FailingInstruction.SourceLine(image, program, log) : null;
    }

    /// <summary>The object's ELF bytes: the file read again (once), or the copy of the image held until load; null when neither is there.</summary>
    private byte[]? ElfImage()
    {
        if (path is null)
            return elfCopy == null ? null : new ReadOnlySpan<byte>(elfCopy, checked((int)elfLength)).ToArray();
        try
        {
            return fileImage ??= File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null; // the file went away since it was opened: no source lines
        }
    }

    /// <summary>libbpf names a failing program as "prog 'NAME': ..." even when the kernel wrote no log.</summary>
    private static string? ProgramNamedIn(IReadOnlyList<string> messages)
    {
        foreach (var message in messages)
        {
            int start = message.IndexOf("prog '", StringComparison.Ordinal);
            if (start < 0)
                continue;
            start += "prog '".Length;
            int end = message.IndexOf('\'', start);
            if (end > start)
                return message[start..end];
        }
        return null;
    }

    private Dictionary<string, DataSectionVariable> Variables => variables ??= DataSectionVariable.ReadAll(handle);

    private DataSectionVariable FindVariable(string name)
    {
        EnsureOpened();
        if (Variables.TryGetValue(name, out var variable))
            return variable;
        string known = Variables.Count == 0 ? "the object has no global variables" : "known: " + string.Join(", ", Variables.Keys.Order());
        throw new ArgumentException($"Object '{Name}' has no global variable '{name}' ({known}).", nameof(name));
    }

    private static ReadOnlySpan<byte> InitialValue(DataSectionVariable variable)
    {
        nuint size;
        byte* data = Libbpf.MapInitialValue(variable.Map, &size);
        if (data == null)
            throw new BpfException($"Section {variable.SectionName} has no initial value to change.", Errno.EINVAL);
        return new ReadOnlySpan<byte>(data, (int)size);
    }

    private IntPtr FindMap(string mapName)
    {
        EnsureOpened();
        for (IntPtr map = Libbpf.ObjectNextMap(handle, IntPtr.Zero); map != IntPtr.Zero; map = Libbpf.ObjectNextMap(handle, map))
        {
            if (NativeText.Read(Libbpf.MapName(map)) == mapName)
                return map;
        }
        throw new ArgumentException($"Object '{Name}' has no map '{mapName}' (maps: {string.Join(", ", Maps.Select(m => m.Name))}).", nameof(mapName));
    }

    private void EnsureOpened()
    {
        switch (state)
        {
            case State.Disposed:
                throw new ObjectDisposedException(nameof(BpfObject));
            case State.Loaded:
                throw new InvalidOperationException($"BPF object '{Name}' is loaded: use the LoadedBpfObject that Load returned.");
            case State.LoadFailed:
                throw new InvalidOperationException($"BPF object '{Name}' failed to load and libbpf cannot retry: open it again.");
        }
    }

    private void ReleaseElfCopy()
    {
        if (elfCopy == null)
            return;
        NativeMemory.Free(elfCopy);
        elfCopy = null;
    }

    /// <summary>Releases the opened object; a loaded object's resources belong to its <see cref="LoadedBpfObject"/>.</summary>
    public void Dispose()
    {
        if (handle != IntPtr.Zero)
        {
            Libbpf.ObjectClose(handle);
            handle = IntPtr.Zero;
        }
        ReleaseElfCopy();
        if (state != State.Loaded)
            state = State.Disposed;
    }
}
