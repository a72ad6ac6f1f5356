using BpfSharp;

public struct Named
{
    public int Id;
    public string Label;
}

public static class ManagedTypeProgram
{
    [Xdp]
    public static XdpAction Run(XdpContext ctx)
    {
        Named named = default; // expect: BPF0012
        return IsFirst(named) ? XdpAction.Pass : XdpAction.Drop;
    }

    private static bool IsFirst(Named n) => n.Id == 0; // expect: BPF0012
}
