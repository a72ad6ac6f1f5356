using BpfSharp;

public static class Minimal
{
    [Xdp]
    public static XdpAction PassEverything(XdpContext ctx) => XdpAction.Pass;
}
