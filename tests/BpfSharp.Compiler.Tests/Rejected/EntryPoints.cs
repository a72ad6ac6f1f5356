using BpfSharp;

public static class EntryPointProgram
{
    [Xdp]
    public static XdpAction Good(XdpContext ctx) => XdpAction.Pass;

    [Xdp]
    public static TcAction WrongResult(XdpContext ctx) => TcAction.Ok; // expect: BPF0100

    [Tc]
    public static TcAction WrongContext(XdpContext ctx) => TcAction.Ok; // expect: BPF0100

    [Tc("tc/egress")] // expect: BPF0108
    public static TcAction UnknownSection(TcContext ctx) => TcAction.Ok;

    [Xdp("xdp.frags")]
    public static XdpAction Fragments(XdpContext ctx) => XdpAction.Pass;

    [Xdp]
    public static XdpAction TwoParameters(XdpContext ctx, uint extra) => XdpAction.Pass; // expect: BPF0100
}

public sealed class Instance
{
    [Tc]
    public TcAction NotStatic(TcContext ctx) => TcAction.Ok; // expect: BPF0100
}
