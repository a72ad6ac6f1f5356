namespace BpfSharp;

/// <summary>
/// The packet behind a program context, as its host lays it out: the frame's bounds, the fields the contexts expose,
/// and the helpers that read, write or move it. Helpers that may invalidate packet pointers say so.
/// </summary>
internal unsafe interface IPacket
{
    /// <summary>First byte of the frame.</summary>
    byte* Data { get; }

    /// <summary>One past the last byte of the frame.</summary>
    byte* DataEnd { get; }

    /// <summary>Length of the frame in bytes.</summary>
    uint Length { get; }

    /// <summary>The interface the packet is on.</summary>
    uint Ifindex { get; }

    /// <summary>The receive queue (XDP).</summary>
    uint RxQueue { get; }

    /// <summary>The packet's mark (TC).</summary>
    uint Mark { get; }

    /// <summary>Pointer to <paramref name="size"/> bytes at <paramref name="offset"/>, or null unless wholly inside the frame.</summary>
    void* Slice(uint offset, uint size);

    /// <summary><c>bpf_xdp_adjust_head</c>; invalidates packet pointers.</summary>
    int AdjustHead(int delta);

    /// <summary><c>bpf_xdp_adjust_tail</c>; invalidates packet pointers.</summary>
    int AdjustTail(int delta);

    /// <summary>Copies <paramref name="length"/> bytes at <paramref name="offset"/> out of the frame: 0 or a negative errno.</summary>
    int Load(uint offset, void* destination, uint length);

    /// <summary>Copies <paramref name="length"/> bytes into the frame at <paramref name="offset"/>: 0 or a negative errno.</summary>
    int Store(uint offset, void* source, uint length);

    /// <summary>Invalidates packet pointers, as a helper that may move the packet does.</summary>
    void Relocate();

    /// <summary>A copy of the frame as it is now.</summary>
    byte[] ToArray();
}
