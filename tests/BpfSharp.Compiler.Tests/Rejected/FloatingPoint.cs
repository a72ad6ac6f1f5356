using BpfSharp;

public static class FloatingPointProgram
{
    [Xdp]
    public static XdpAction Run(XdpContext ctx)
    {
        uint ifindex = ctx.IngressIfindex;
        uint scaled = (uint)(ifindex * 1.5); // expect: BPF0011
        return Ratio(scaled) > 0 ? XdpAction.Pass : XdpAction.Drop; // expect: BPF0011
    }

    private static double Ratio(uint x) => x / 2.0; // expect: BPF0011
}
