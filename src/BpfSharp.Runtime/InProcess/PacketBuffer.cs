using System.Runtime.InteropServices;

namespace BpfSharp.InProcess;

/// <summary>Whether a packet is an XDP frame (<c>struct xdp_buff</c>) or a socket buffer (<c>struct sk_buff</c>).</summary>
internal enum PacketKind
{
    Xdp,
    SocketBuffer,
}

/// <summary>
/// One packet in a page of native memory laid out as <c>BPF_PROG_TEST_RUN</c> lays it out: headroom in front
/// (256 bytes for XDP, <c>NET_SKB_PAD</c> 64 for an skb), the frame, and tailroom for <c>skb_shared_info</c> (320 bytes)
/// at the end of the 4096-byte page. Helpers that invalidate packet pointers move the frame to a new page and poison
/// the old one, so a program that keeps using a stale pointer reads garbage here as the verifier would refuse it there.
/// </summary>
internal sealed unsafe class PacketBuffer : IDisposable, IPacket
{
    public const int PageSize = 4096;
    public const int XdpHeadroom = 256;
    public const int SkbHeadroom = 64;
    public const int SharedInfoTailroom = 320;
    public const int EthernetHeaderLength = 14;

    /// <summary>The kernel keeps <c>struct xdp_frame</c> (40 bytes on 6.x) at the start of the headroom: adjust-head cannot reach it.</summary>
    public const int XdpFrameReserve = 40;

    private const byte Poison = 0xA5;

    private readonly List<nint> _stalePages = [];
    private byte* _page;
    private uint _start;
    private uint _end;

    private PacketBuffer(PacketKind kind, ReadOnlySpan<byte> frame, uint headroom, uint ifindex, uint rxQueue, uint mark)
    {
        Kind = kind;
        Ifindex = ifindex;
        RxQueue = rxQueue;
        Mark = mark;
        _page = (byte*)NativeMemory.AlignedAlloc(PageSize, 64);
        NativeMemory.Clear(_page, PageSize);
        _start = headroom;
        _end = headroom + (uint)frame.Length;
        frame.CopyTo(new Span<byte>(_page + _start, frame.Length));
    }

    /// <summary>Largest frame that fits one page with the given headroom (3520 bytes for XDP, as BPF_PROG_TEST_RUN allows).</summary>
    public static int MaxFrameLength(PacketKind kind) => PageSize - Headroom(kind) - SharedInfoTailroom;

    /// <summary>Copies <paramref name="frame"/> into a new buffer.</summary>
    /// <exception cref="ArgumentException">The frame is shorter than an Ethernet header or does not fit one page.</exception>
    public static PacketBuffer Create(PacketKind kind, ReadOnlySpan<byte> frame, uint ifindex, uint rxQueue = 0, uint mark = 0)
    {
        if (frame.Length < EthernetHeaderLength)
            throw new ArgumentException(
                $"a frame needs at least the {EthernetHeaderLength}-byte Ethernet header; got {frame.Length} bytes", nameof(frame));
        if (frame.Length > MaxFrameLength(kind))
            throw new ArgumentException(
                $"a frame of {frame.Length} bytes does not fit one page; at most {MaxFrameLength(kind)} bytes "
                + $"({PageSize} less {Headroom(kind)} headroom and {SharedInfoTailroom} for skb_shared_info)", nameof(frame));
        return new PacketBuffer(kind, frame, (uint)Headroom(kind), ifindex, rxQueue, mark);
    }

    private static int Headroom(PacketKind kind) => kind == PacketKind.Xdp ? XdpHeadroom : SkbHeadroom;

    public PacketKind Kind { get; }
    public byte* Data => _page + _start;
    public byte* DataEnd => _page + _end;
    public uint Length => _end - _start;
    public uint Ifindex { get; }
    public uint RxQueue { get; }
    public uint Mark { get; }

    /// <summary>Room in front of the frame that adjust-head may still grow into.</summary>
    public uint AvailableHeadroom => _start - XdpFrameReserve;

    /// <summary>Room behind the frame that adjust-tail may still grow into.</summary>
    public uint AvailableTailroom => PageSize - SharedInfoTailroom - _end;

    /// <summary>A copy of the frame as it is now.</summary>
    public byte[] ToArray() => new ReadOnlySpan<byte>(Data, (int)Length).ToArray();

    /// <summary>Pointer to <paramref name="size"/> bytes at <paramref name="offset"/>, or null unless wholly inside the frame.</summary>
    public void* Slice(uint offset, uint size) => (ulong)offset + size <= Length ? Data + offset : null;

    /// <summary>
    /// <c>bpf_xdp_adjust_head</c>: the frame keeps at least 14 bytes and cannot reach the <c>xdp_frame</c> area. Packet
    /// pointers are invalid after the call whatever it returns, as the verifier treats them.
    /// </summary>
    public int AdjustHead(int delta)
    {
        Relocate();
        long start = _start + (long)delta;
        if (start < XdpFrameReserve || start > _end - EthernetHeaderLength)
            return -Errno.EINVAL;
        _start = (uint)start;
        return 0;
    }

    /// <summary><c>bpf_xdp_adjust_tail</c>: the frame keeps at least 14 bytes and ends before the tailroom; growth reads zeros.</summary>
    public int AdjustTail(int delta)
    {
        Relocate();
        long end = _end + (long)delta;
        if (end > PageSize - SharedInfoTailroom || end < _start + EthernetHeaderLength)
            return -Errno.EINVAL;
        if (end > _end)
            NativeMemory.Clear(_page + _end, (nuint)(end - _end));
        _end = (uint)end;
        return 0;
    }

    /// <summary>
    /// <c>bpf_xdp_load_bytes</c> / <c>bpf_skb_load_bytes</c>. Past the frame, XDP answers <c>-EINVAL</c> (as
    /// <c>bpf_xdp_pointer</c> does) and an skb <c>-EFAULT</c> with the destination zeroed (as <c>bpf_skb_load_bytes</c> does).
    /// </summary>
    public int Load(uint offset, void* destination, uint length)
    {
        int error = CheckRange(offset, length);
        if (error != 0)
        {
            if (Kind == PacketKind.SocketBuffer)
                NativeMemory.Clear(destination, length);
            return error;
        }
        Buffer.MemoryCopy(Data + offset, destination, length, length);
        return 0;
    }

    /// <summary>
    /// <c>bpf_xdp_store_bytes</c> / <c>bpf_skb_store_bytes</c>; errors as for <see cref="Load"/>. On an skb the helper
    /// invalidates packet pointers (it may have to copy the data), so the frame moves.
    /// </summary>
    public int Store(uint offset, void* source, uint length)
    {
        int error = CheckRange(offset, length);
        if (Kind == PacketKind.SocketBuffer)
            Relocate();
        if (error != 0)
            return error;
        Buffer.MemoryCopy(source, Data + offset, length, length);
        return 0;
    }

    private int CheckRange(uint offset, uint length)
    {
        if ((ulong)offset + length <= Length)
            return 0;
        return Kind == PacketKind.Xdp && offset <= 0xffff && length <= 0xffff ? -Errno.EINVAL : -Errno.EFAULT;
    }

    /// <summary>
    /// Moves the frame to a fresh page and poisons the old one (kept until the run ends): a helper that changes packet
    /// data invalidates every packet pointer, and this makes a stale one visible in-process.
    /// </summary>
    public void Relocate()
    {
        var fresh = (byte*)NativeMemory.AlignedAlloc(PageSize, 64);
        Buffer.MemoryCopy(_page, fresh, PageSize, PageSize);
        NativeMemory.Fill(_page, PageSize, Poison);
        _stalePages.Add((nint)_page);
        _page = fresh;
    }

    public void Dispose()
    {
        foreach (nint stale in _stalePages)
            NativeMemory.AlignedFree((void*)stale);
        _stalePages.Clear();
        if (_page != null)
            NativeMemory.AlignedFree(_page);
        _page = null;
    }
}
