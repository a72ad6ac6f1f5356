using BpfSharp;

public struct Slot { public uint View; public ulong Op; }

public static class MapProgram
{
    private static int s_size = 8;

    [Map] public static readonly ArrayMap<Slot> Slots = new(64);
    [Map] public static ArrayMap<uint> NotReadOnly = new(4); // expect: BPF0101
    [Map] public static readonly ArrayMap<uint> Dynamic = new(s_size); // expect: BPF0102
    [Map] public static readonly HashMap<uint, Slot> Empty = new(0); // expect: BPF0102
    [Map] public static readonly RingBuffer Events = new(5000); // expect: BPF0102
    [Map(Name = "a_name_far_too_long")] public static readonly ArrayMap<uint> Long = new(1); // expect: BPF0103
    [Map(Name = "Slots")] public static readonly ArrayMap<uint> Duplicate = new(1); // expect: BPF0103
    [Map] public static readonly Slot NotAMap; // expect: BPF0101
    [Map(Flags = MapFlags.Mmapable)] public static readonly HashMap<uint, Slot> MappedHash = new(4); // expect: BPF0109
    [Map(Flags = (MapFlags)1)] public static readonly ArrayMap<uint> UnknownFlag = new(1); // expect: BPF0109

    [Xdp]
    public static XdpAction Run(XdpContext ctx) => XdpAction.Pass;
}
