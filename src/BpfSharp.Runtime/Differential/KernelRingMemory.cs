using System.Runtime.InteropServices;
using BpfSharp.Loader;
using BpfSharp.Loader.Interop;

namespace BpfSharp.Differential;

/// <summary>
/// A kernel ring buffer's producer position and data pages, mapped read-only as libbpf's consumer maps them: the page
/// with the producer position, then the data area mapped twice in a row, so bytes that wrap past its end read on
/// contiguously. The tester reads from it what a reservation at a given place holds before a program writes it.
/// </summary>
internal sealed unsafe class KernelRingMemory : IDisposable
{
    private readonly ulong _size;
    private readonly nuint _length;
    private byte* _memory;

    public KernelRingMemory(BpfMapHandle ring)
    {
        _size = (ulong)ring.Info.MaxEntries;
        nint page = Environment.SystemPageSize;
        _length = (nuint)page + 2 * (nuint)_size;
        void* mapped = Libc.MapMemory(null, _length, Libc.ProtectRead, Libc.MapShared, ring.Fd, page);
        if (mapped == Libc.MapFailed)
            throw BpfException.FromErrno($"Mapping the pages of ring buffer '{ring.Name}'", Marshal.GetLastPInvokeError());
        _memory = (byte*)mapped;
        DataArea = _memory + page;
    }

    private byte* DataArea { get; }

    /// <summary>Where the kernel's next reservation starts (its header), as the producer published it.</summary>
    public ulong ProducerPosition => Volatile.Read(ref *(ulong*)_memory);

    /// <summary>Copies the bytes at producer position <paramref name="position"/> onwards into <paramref name="destination"/>.</summary>
    public void Read(ulong position, Span<byte> destination)
    {
        if ((ulong)destination.Length > _size)
            throw new ArgumentOutOfRangeException(nameof(destination), destination.Length, $"a ring of {_size} bytes holds no longer record");
        new ReadOnlySpan<byte>(DataArea + (position & (_size - 1)), destination.Length).CopyTo(destination);
    }

    public void Dispose()
    {
        if (_memory == null)
            return;
        Libc.UnmapMemory(_memory, _length);
        _memory = null;
    }
}
