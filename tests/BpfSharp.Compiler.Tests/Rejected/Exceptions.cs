using BpfSharp;

public static class ExceptionProgram
{
    [Xdp]
    public static XdpAction Run(XdpContext ctx)
    {
        try // expect: BPF0003
        {
            return Check(ctx.IngressIfindex);
        }
        finally
        {
        }
    }

    private static XdpAction Check(uint ifindex)
    {
        if (ifindex == 0) throw new System.InvalidOperationException(); // expect: BPF0003 BPF0001
        uint doubled = checked(ifindex * 2); // expect: BPF0003
        return doubled > 7 ? XdpAction.Pass : XdpAction.Drop;
    }
}
