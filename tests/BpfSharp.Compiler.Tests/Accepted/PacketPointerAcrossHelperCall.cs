using BpfSharp;

// A packet pointer taken from the context and still needed after a helper call: the pointer difference must stay in
// 64-bit registers, or the verifier refuses the 32-bit spill of the packet pointer ("invalid size of register spill").
public struct Ev { public uint A; public uint B; public ushort C; public ushort D; public byte E; public uint Length; public ulong Time; }

public static unsafe class PacketPointerAcrossHelperCall
{
    [Map] public static readonly RingBuffer Events = new(4096);

    [Xdp]
    public static XdpAction Run(XdpContext ctx)
    {
        uint* ip = ctx.Header<uint>(0); if (ip == null) return XdpAction.Pass;
        uint* udp = ctx.Header<uint>(8); if (udp == null) return XdpAction.Pass;
        Ev* e = Events.Reserve<Ev>(); if (e == null) return XdpAction.Pass;
        *e = new Ev { A = *ip, Length = (uint)(ctx.DataEnd - ctx.Data), Time = Bpf.KtimeGetNs() };
        Events.Submit(e);
        return XdpAction.Pass;
    }
}
