using BpfSharp;

public static class BoxingProgram
{
    [Xdp]
    public static XdpAction Run(XdpContext ctx)
    {
        uint ifindex = ctx.IngressIfindex;
        System.IComparable comparable = ifindex; // expect: BPF0008 BPF0012
        return XdpAction.Pass;
    }
}
