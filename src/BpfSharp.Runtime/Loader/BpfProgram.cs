using BpfSharp.Loader.Interop;

namespace BpfSharp.Loader;

/// <summary>A program loaded in the kernel, owned by its <see cref="LoadedBpfObject"/>.</summary>
public sealed unsafe class BpfProgram
{
    /// <summary>Room left after the input for programs that grow the packet, when the caller does not say.</summary>
    public const int DefaultDataOutHeadroom = 4096;

    private const int MinimumPacketLength = 14; // the kernel wants at least an Ethernet header

    private readonly LoadedBpfObject owner;
    private readonly IntPtr program;

    internal BpfProgram(LoadedBpfObject owner, BpfProgramInfo info, IntPtr program)
    {
        this.owner = owner;
        this.program = program;
        Info = info;
    }

    /// <summary>What the object file said about the program.</summary>
    public BpfProgramInfo Info { get; }

    /// <summary>The program's function name.</summary>
    public string Name => Info.Name;

    /// <summary>The kernel program type.</summary>
    public BpfProgramType Type => Info.Type;

    /// <summary>The program's file descriptor, valid while the object is not disposed.</summary>
    public int Fd
    {
        get
        {
            owner.EnsureNotDisposed();
            return Libbpf.ProgramFd(program);
        }
    }

    /// <summary>The kernel's id of the program (what <c>bpftool prog</c> and XDP queries show).</summary>
    public uint Id => Statistics.Id;

    /// <summary>What the kernel reports about the loaded program: its id and the sizes after verification and JIT.</summary>
    public BpfProgramStatistics Statistics
    {
        get
        {
            var info = new BpfProgramInfoNative();
            uint length = (uint)sizeof(BpfProgramInfoNative);
            int result = Libbpf.ObjectGetInfoByFd(Fd, &info, &length);
            if (result < 0)
                throw BpfException.FromErrno($"Reading the kernel's information on program '{Name}'", result);
            const int instructionSize = 8;
            return new BpfProgramStatistics(info.Id, (int)info.TranslatedLength / instructionSize, (int)info.JitedLength, (int)info.VerifiedInstructions);
        }
    }

    /// <summary>
    /// Runs the program once per repetition on a packet with <c>BPF_PROG_TEST_RUN</c> (XDP and TC
    /// programs), without any network device.
    /// </summary>
    /// <param name="data">The packet, starting with its Ethernet header (at least 14 bytes).</param>
    /// <param name="context">Optional context in (<c>struct xdp_md</c> or <c>struct __sk_buff</c>); the same size comes back out.</param>
    /// <param name="repeat">How many times to run it; the duration is the average.</param>
    /// <param name="dataOutCapacity">Room for the packet out; defaults to the input plus <see cref="DefaultDataOutHeadroom"/>.</param>
    /// <exception cref="BpfException">The kernel refused the run; ENOSPC means the packet out outgrew <paramref name="dataOutCapacity"/>.</exception>
    public BpfTestRunResult TestRun(ReadOnlySpan<byte> data, ReadOnlySpan<byte> context = default, int repeat = 1, int dataOutCapacity = 0)
    {
        if (data.Length < MinimumPacketLength)
            throw new ArgumentException($"A test-run packet needs at least {MinimumPacketLength} bytes (an Ethernet header); got {data.Length}.", nameof(data));
        ArgumentOutOfRangeException.ThrowIfLessThan(repeat, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(dataOutCapacity);
        var dataOut = new byte[dataOutCapacity > 0 ? dataOutCapacity : data.Length + DefaultDataOutHeadroom];
        var contextOut = new byte[context.Length];
        fixed (byte* dataIn = data)
        fixed (byte* dataOutPointer = dataOut)
        fixed (byte* contextIn = context)
        fixed (byte* contextOutPointer = contextOut)
        {
            var opts = new BpfTestRunOpts
            {
                Size = (nuint)sizeof(BpfTestRunOpts),
                DataIn = dataIn,
                DataSizeIn = (uint)data.Length,
                DataOut = dataOutPointer,
                DataSizeOut = (uint)dataOut.Length,
                ContextIn = context.IsEmpty ? null : contextIn,
                ContextSizeIn = (uint)context.Length,
                ContextOut = context.IsEmpty ? null : contextOutPointer,
                ContextSizeOut = (uint)contextOut.Length,
                Repeat = repeat,
            };
            int result = Libbpf.ProgramTestRun(Fd, &opts);
            if (result < 0)
            {
                string hint = -result == Errno.ENOSPC ? $" The packet out needs {opts.DataSizeOut} bytes: raise dataOutCapacity." : "";
                throw new BpfException($"Test run of program '{Name}' failed: {Errno.Describe(result)}.{hint}", result);
            }
            return new BpfTestRunResult(opts.ReturnValue, dataOut[..(int)opts.DataSizeOut], contextOut[..(int)opts.ContextSizeOut], opts.DurationNs);
        }
    }

    /// <summary>Pins the program at a path on bpffs, so it outlives this process.</summary>
    public void Pin(string path)
    {
        owner.EnsureNotDisposed();
        int result = Libbpf.ProgramPin(program, path);
        if (result < 0)
            throw BpfException.FromErrno($"Pinning program '{Name}' at '{path}'", result);
    }

    /// <summary>Removes the program's pin at a path.</summary>
    public void Unpin(string path)
    {
        owner.EnsureNotDisposed();
        int result = Libbpf.ProgramUnpin(program, path);
        if (result < 0)
            throw BpfException.FromErrno($"Unpinning program '{Name}' from '{path}'", result);
    }

    /// <summary>Attaches this XDP program to a network interface; dispose the result to detach it.</summary>
    public XdpAttachment AttachXdp(int ifindex, XdpAttachMode mode = XdpAttachMode.Default) => XdpAttachment.Attach(this, ifindex, mode);

    /// <summary>Attaches this XDP program to the named network interface; dispose the result to detach it.</summary>
    public XdpAttachment AttachXdp(string interfaceName, XdpAttachMode mode = XdpAttachMode.Default)
        => XdpAttachment.Attach(this, NetworkInterfaceIndex.Of(interfaceName), mode);

    /// <summary>
    /// Puts this XDP program in place of the one with id <paramref name="oldProgramId"/> on the interface, in one step
    /// (<c>XDP_FLAGS_REPLACE</c>), failing with EEXIST when that program is no longer the one attached in
    /// <paramref name="mode"/>; dispose the result to detach the new program.
    /// </summary>
    public XdpAttachment ReplaceXdp(int ifindex, XdpAttachMode mode, uint oldProgramId) => XdpAttachment.ReplaceProgram(this, ifindex, mode, oldProgramId);

    /// <summary>
    /// Puts this TC classifier in place of the program of the filter with <paramref name="handle"/> and
    /// <paramref name="priority"/> on the interface's hook, in one step (<c>BPF_TC_F_REPLACE</c>); the filter is
    /// created when there is none. The result does not own the clsact qdisc.
    /// </summary>
    public TcAttachment ReplaceTc(int ifindex, TcDirection direction, uint handle, uint priority)
        => TcAttachment.Attach(this, ifindex, direction, priority, handle, replace: true);

    /// <summary>Attaches this TC classifier to a network interface's clsact hook; dispose the result to detach it.</summary>
    public TcAttachment AttachTc(int ifindex, TcDirection direction, uint priority = 0, uint handle = 0)
        => TcAttachment.Attach(this, ifindex, direction, priority, handle);

    /// <summary>Attaches this TC classifier to the named network interface's clsact hook; dispose the result to detach it.</summary>
    public TcAttachment AttachTc(string interfaceName, TcDirection direction, uint priority = 0, uint handle = 0)
        => TcAttachment.Attach(this, NetworkInterfaceIndex.Of(interfaceName), direction, priority, handle);
}
