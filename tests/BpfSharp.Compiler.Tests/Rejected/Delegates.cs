using System;
using BpfSharp;

public static class DelegateProgram
{
    [Xdp]
    public static XdpAction Run(XdpContext ctx)
    {
        uint limit = ctx.IngressIfindex;
        Func<uint, bool> small = x => x < limit; // expect: BPF0004 BPF0012
        return small(3) ? XdpAction.Pass : Local(); // expect: BPF0004

        static XdpAction Local() => XdpAction.Drop; // expect: BPF0004
    }
}
