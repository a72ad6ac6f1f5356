using BpfSharp;

public static class StringProgram
{
    [Xdp]
    public static XdpAction Run(XdpContext ctx)
    {
        var ok = "ok"u8;
        int length = "hello".Length; // expect: BPF0002 BPF0010
        return ok.Length + length > 2 ? XdpAction.Pass : XdpAction.Drop;
    }
}
