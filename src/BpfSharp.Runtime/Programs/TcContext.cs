namespace BpfSharp;

/// <summary>
/// The context of a TC classifier (<c>struct __sk_buff</c>). Direct access between <see cref="Data"/> and
/// <see cref="DataEnd"/> covers the linear part of the packet; helpers such as <see cref="StoreBytes{T}"/> and
/// <see cref="CloneRedirect"/> invalidate packet pointers, which must be re-read afterwards.
/// </summary>
public readonly unsafe struct TcContext
{
    private readonly IPacket _packet;

    internal TcContext(IPacket packet) => _packet = packet;

    /// <summary><c>__sk_buff.len</c>: length of the packet.</summary>
    public uint Length => _packet.Length;

    /// <summary><c>__sk_buff.data</c>: first byte of the packet.</summary>
    public byte* Data => _packet.Data;

    /// <summary><c>__sk_buff.data_end</c>: one past the last byte of the linear data.</summary>
    public byte* DataEnd => _packet.DataEnd;

    /// <summary><c>__sk_buff.ifindex</c>: interface the packet is on.</summary>
    public uint Ifindex => _packet.Ifindex;

    /// <summary><c>__sk_buff.mark</c>: the packet's mark.</summary>
    public uint Mark => _packet.Mark;

    /// <summary>The <typeparamref name="T"/> at byte <paramref name="offset"/>, or null when it is not wholly inside the linear data.</summary>
    public T* Header<T>(uint offset) where T : unmanaged => (T*)_packet.Slice(offset, (uint)sizeof(T));

    /// <summary>
    /// <c>bpf_skb_load_bytes</c>: as <see cref="XdpContext.LoadBytes{T}"/>, except that a range past the packet fails with
    /// <c>-EFAULT</c> and zeroes the destination.
    /// </summary>
    public int LoadBytes<T>(uint offset, T* destination, uint length) where T : unmanaged =>
        length == 0 || length > (uint)sizeof(T) ? -Errno.EINVAL : _packet.Load(offset, destination, length);

    /// <summary>
    /// <c>bpf_skb_store_bytes</c> (flags 0): writes <paramref name="length"/> bytes at <paramref name="offset"/>;
    /// <c>-EINVAL</c> for a length of 0 or larger than <typeparamref name="T"/>, <c>-EFAULT</c> past the packet.
    /// Invalidates packet pointers.
    /// </summary>
    public int StoreBytes<T>(uint offset, T* source, uint length) where T : unmanaged =>
        length == 0 || length > (uint)sizeof(T) ? -Errno.EINVAL : _packet.Store(offset, source, length);

    /// <summary>
    /// <c>bpf_clone_redirect</c>: sends a copy of the packet, as it is now, out of interface <paramref name="ifindex"/>
    /// (to its ingress when <paramref name="ingress"/>); the original continues. 0, or a negative errno (unknown
    /// interface: <c>-EINVAL</c>). Invalidates packet pointers.
    /// </summary>
    public int CloneRedirect(uint ifindex, bool ingress = false) => ProgramHost.Current.CloneRedirect(_packet, ifindex, ingress);

    /// <summary><c>bpf_redirect</c>: sends the packet out of interface <paramref name="ifindex"/>; returns <see cref="TcAction.Redirect"/>.</summary>
    public TcAction Redirect(uint ifindex) => (TcAction)ProgramHost.Current.Redirect(ifindex, (uint)TcAction.Redirect);
}
