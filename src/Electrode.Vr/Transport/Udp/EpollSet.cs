using System.Runtime.InteropServices;

namespace Electrode.Vr.Transport.Udp;

/// <summary>
/// A Linux epoll instance through P/Invoke: the event loop waits on its sockets and on other descriptors (a BPF ring
/// buffer's epoll descriptor) together, level-triggered, with a timeout to the microsecond (<c>epoll_pwait2</c>).
/// </summary>
internal sealed unsafe partial class EpollSet : IDisposable
{
    private const int EpollCloseOnExec = 0x80000; // EPOLL_CLOEXEC
    private const int ControlAdd = 1;
    private const int ControlDelete = 2;
    private const uint Readable = 0x001; // EPOLLIN
    private const int Interrupted = 4; // EINTR

    // struct epoll_event is packed on x86-64 (u32 events, u64 data: 12 bytes) and naturally aligned elsewhere (16 bytes).
    private static readonly int EventSize = RuntimeInformation.ProcessArchitecture == Architecture.X64 ? 12 : 16;
    private static readonly int DataOffset = EventSize - 8;

    private readonly byte[] ready;
    private readonly int capacity;
    private int fd;

    public EpollSet(int capacity)
    {
        fd = Create(EpollCloseOnExec);
        if (fd < 0)
            throw new InvalidOperationException($"epoll_create1 failed: {Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError())}");
        this.capacity = capacity;
        ready = new byte[capacity * EventSize];
    }

    /// <summary>Waits for <paramref name="descriptor"/> to be readable from now on.</summary>
    public void Add(int descriptor)
    {
        byte* e = stackalloc byte[16];
        *(uint*)e = Readable;
        *(ulong*)(e + DataOffset) = (ulong)descriptor;
        if (Control(fd, ControlAdd, descriptor, e) < 0)
            throw new InvalidOperationException(
                $"epoll_ctl(ADD, {descriptor}) failed: {Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError())}");
    }

    /// <summary>Stops waiting for <paramref name="descriptor"/> (closing it would too; this frees its slot at once).</summary>
    public void Remove(int descriptor) => Control(fd, ControlDelete, descriptor, null);

    /// <summary>
    /// Waits until a descriptor is readable or <paramref name="timeoutMicroseconds"/> pass (-1: no limit), and returns the
    /// readable descriptors in <paramref name="readable"/>; an interrupted wait returns none.
    /// </summary>
    public void Wait(long timeoutMicroseconds, List<int> readable)
    {
        readable.Clear();
        TimeSpec timeout = new() { Seconds = timeoutMicroseconds / 1_000_000, Nanoseconds = timeoutMicroseconds % 1_000_000 * 1000 };
        int count;
        fixed (byte* events = ready)
            count = Wait2(fd, events, capacity, timeoutMicroseconds < 0 ? null : &timeout, null);
        if (count < 0)
        {
            int errno = Marshal.GetLastPInvokeError();
            if (errno == Interrupted)
                return;
            throw new InvalidOperationException($"epoll_pwait2 failed: {Marshal.GetPInvokeErrorMessage(errno)}");
        }
        for (int i = 0; i < count; i++)
            readable.Add((int)BitConverter.ToUInt64(ready, i * EventSize + DataOffset));
    }

    public void Dispose()
    {
        if (fd < 0)
            return;
        Close(fd);
        fd = -1;
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    [LibraryImport("libc", EntryPoint = "epoll_create1", SetLastError = true)]
    private static partial int Create(int flags);

    [LibraryImport("libc", EntryPoint = "epoll_ctl", SetLastError = true)]
    private static partial int Control(int epfd, int operation, int descriptor, byte* e);

    [LibraryImport("libc", EntryPoint = "epoll_pwait2", SetLastError = true)]
    private static partial int Wait2(int epfd, byte* events, int maxEvents, TimeSpec* timeout, void* signalMask);

    [LibraryImport("libc", EntryPoint = "close")]
    private static partial int Close(int descriptor);
}
