using BpfSharp;

public struct Limits { public uint Max; }

public static class StaticFieldProgram
{
    private static uint s_packets;
    private static readonly Limits s_limits = new() { Max = 3 };
    private static readonly uint s_port = 4000;

    [Xdp]
    public static XdpAction Run(XdpContext ctx)
    {
        s_packets++; // expect: BPF0013
        uint max = s_limits.Max; // expect: BPF0013
        return s_port + max > 0 ? XdpAction.Pass : XdpAction.Drop;
    }
}
