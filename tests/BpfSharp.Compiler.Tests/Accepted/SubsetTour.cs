using System;
using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.InteropServices;
using BpfSharp;
using BpfSharp.Net;

[assembly: BpfLicense("Dual BSD/GPL")]

[StructLayout(LayoutKind.Explicit, Size = 16)]
public struct Slot
{
    [FieldOffset(0)] public uint View;
    [FieldOffset(4)] public uint Voters;
    [FieldOffset(8)] public ulong Op;

    public readonly bool Has(int replica) => (Voters & (1u << replica)) != 0;
}

public unsafe struct Record
{
    public fixed byte Bytes[32];
    public uint Length;
}

public enum Kind : byte { Other, Prepare, PrepareOk }

public static unsafe class SubsetTour
{
    private const uint SlotCount = 64;
    private static readonly ushort s_port = 12345;
    private static readonly Kind s_watched = Kind.Prepare;

    [Map(Pinning = MapPinning.ByName)] public static readonly ArrayMap<Slot> Slots = new(maxEntries: (int)SlotCount);
    [Map(Name = "peers")] public static readonly HashMap<uint, ulong> PeerTable = new(128);
    [Map] public static readonly LruHashMap<ulong, uint> Recent = new(256);
    [Map] public static readonly PerCpuArrayMap<ulong> Counters = new(4);
    [Map] public static readonly RingBuffer Events = new(4096 * 4);
    [Map] public static readonly ProgramArray Jumps = new(2);

    [Xdp]
    public static XdpAction Ingress(XdpContext ctx)
    {
        var eth = ctx.Header<EthernetHeader>(0);
        if (eth == null || ByteOrder.ToHost(eth->EtherTypeBE) != EtherType.Ipv4) return XdpAction.Pass;
        var ip = ctx.Header<Ipv4Header>(14);
        if (ip == null || ip->Protocol != IpProtocol.Udp) return XdpAction.Pass;
        var udp = ctx.Header<UdpHeader>(34);
        if (udp == null || BinaryPrimitives.ReverseEndianness(udp->DestinationPortBE) != s_port) return XdpAction.Pass;

        Count(0);
        byte* payload = ctx.Data + 42;
        if (payload + 4 > ctx.DataEnd) return XdpAction.Pass;
        Kind kind = Classify(payload);
        switch (kind)
        {
            case Kind.Prepare:
                Jumps.TailCall(ctx, 0);
                return XdpAction.Pass;
            case Kind.PrepareOk:
                return Vote(payload[3]);
            default:
                return kind == s_watched ? XdpAction.Drop : XdpAction.Pass;
        }
    }

    [Tc("classifier")]
    public static TcAction Egress(TcContext ctx)
    {
        Record* record = Events.Reserve<Record>();
        if (record == null) return TcAction.Ok;
        uint copied = 0;
        for (uint i = 0; i < 32; i++)
        {
            if (i >= ctx.Length) break;
            record->Bytes[i] = (byte)i;
            copied++;
        }

        record->Length = copied;
        Events.Submit(record);
        ulong now = Bpf.KtimeGetNs();
        uint cpu = Bpf.GetSmpProcessorId();
        PeerTable.Update(cpu, now);
        Recent.Update(now, cpu, UpdateFlags.NoExist);
        return ctx.CloneRedirect(ctx.Ifindex) == 0 ? TcAction.Ok : TcAction.Shot;
    }

    private static Kind Classify(byte* payload)
    {
        ReadOnlySpan<byte> magic = "EL"u8;
        int matched = 0;
        int i = 0;
        while (i < 2)
        {
            if (payload[i] == magic[i]) matched++;
            i++;
        }

        return matched == magic.Length ? (Kind)payload[2] : Kind.Other;
    }

    private static XdpAction Vote(byte replica)
    {
        Slot* slot = Slots.Lookup(replica & (SlotCount - 1));
        if (slot == null || slot->Has(replica & 31)) return XdpAction.Drop;
        slot->Voters |= 1u << (replica & 31);
        return BitOperations.PopCount(slot->Voters) >= 2 ? XdpAction.Pass : XdpAction.Drop;
    }

    private static void Count(uint index)
    {
        ulong* counter = Counters.Lookup(index);
        if (counter != null) (*counter)++;
    }
}
