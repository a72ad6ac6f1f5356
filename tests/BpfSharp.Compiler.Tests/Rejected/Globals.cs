using BpfSharp;

public static class GlobalProgram
{
    private static readonly uint s_port = Compute(); // expect: BPF0105

    [Xdp]
    public static XdpAction Run(XdpContext ctx) => ctx.IngressIfindex == s_port ? XdpAction.Pass : XdpAction.Drop;

    private static uint Compute() => 7;
}
