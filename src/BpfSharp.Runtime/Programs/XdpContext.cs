namespace BpfSharp;

/// <summary>
/// The context of an XDP program (<c>struct xdp_md</c>): the frame between <see cref="Data"/> and <see cref="DataEnd"/>,
/// with the kernel's 256 bytes of headroom in front of it. Every direct access must be bounds-checked against
/// <see cref="DataEnd"/>; <see cref="Header{T}"/> does that by construction.
/// </summary>
public readonly unsafe struct XdpContext
{
    private readonly IPacket _packet;

    internal XdpContext(IPacket packet) => _packet = packet;

    /// <summary><c>xdp_md.data</c>: first byte of the frame.</summary>
    public byte* Data => _packet.Data;

    /// <summary><c>xdp_md.data_end</c>: one past the last byte of the frame.</summary>
    public byte* DataEnd => _packet.DataEnd;

    /// <summary><c>xdp_md.ingress_ifindex</c>: interface the frame arrived on.</summary>
    public uint IngressIfindex => _packet.Ifindex;

    /// <summary><c>xdp_md.rx_queue_index</c>: receive queue the frame arrived on.</summary>
    public uint RxQueueIndex => _packet.RxQueue;

    /// <summary>
    /// The <typeparamref name="T"/> at byte <paramref name="offset"/> of the frame, or null when it does not lie wholly
    /// inside the frame. The check is the one the verifier needs, so a program that uses it is in bounds by construction.
    /// </summary>
    public T* Header<T>(uint offset) where T : unmanaged => (T*)_packet.Slice(offset, (uint)sizeof(T));

    /// <summary>
    /// <c>bpf_xdp_adjust_head</c>: moves the start of the frame by <paramref name="delta"/> bytes (negative grows it into
    /// the headroom). 0, or <c>-EINVAL</c> beyond the headroom (the kernel keeps 40 of its 256 bytes for
    /// <c>struct xdp_frame</c>, so a frame grows by at most 216) or below 14 bytes of frame. Invalidates packet pointers.
    /// </summary>
    public int AdjustHead(int delta) => _packet.AdjustHead(delta);

    /// <summary>
    /// <c>bpf_xdp_adjust_tail</c>: moves the end of the frame by <paramref name="delta"/> bytes; grown bytes read zero.
    /// 0, or <c>-EINVAL</c> into the 320 bytes the page keeps for <c>skb_shared_info</c> or below 14 bytes of frame.
    /// Invalidates packet pointers.
    /// </summary>
    public int AdjustTail(int delta) => _packet.AdjustTail(delta);

    /// <summary>
    /// <c>bpf_xdp_load_bytes</c>: copies <paramref name="length"/> bytes from frame offset <paramref name="offset"/> into
    /// <paramref name="destination"/>. The length is clamped to the destination's size as the verifier requires:
    /// 0 on success, <c>-EINVAL</c> for a length of 0 or larger than <typeparamref name="T"/> or a range past the end of the
    /// frame (as <c>bpf_xdp_pointer</c> answers on kernel 6.18), <c>-EFAULT</c> for an offset or length above 0xffff.
    /// </summary>
    public int LoadBytes<T>(uint offset, T* destination, uint length) where T : unmanaged =>
        length == 0 || length > (uint)sizeof(T) ? -Errno.EINVAL : _packet.Load(offset, destination, length);

    /// <summary>
    /// <c>bpf_xdp_store_bytes</c>: copies <paramref name="length"/> bytes from <paramref name="source"/> to frame offset
    /// <paramref name="offset"/>; errors as for <see cref="LoadBytes{T}"/>.
    /// </summary>
    public int StoreBytes<T>(uint offset, T* source, uint length) where T : unmanaged =>
        length == 0 || length > (uint)sizeof(T) ? -Errno.EINVAL : _packet.Store(offset, source, length);

    /// <summary><c>bpf_redirect</c>: sends the frame out of interface <paramref name="ifindex"/>; returns <see cref="XdpAction.Redirect"/>.</summary>
    public XdpAction Redirect(uint ifindex) => (XdpAction)ProgramHost.Current.Redirect(ifindex, (uint)XdpAction.Redirect);
}
