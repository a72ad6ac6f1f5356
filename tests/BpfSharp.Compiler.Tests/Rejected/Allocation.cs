using BpfSharp;

public sealed class Box { public int Value; }

public static class AllocationProgram
{
    [Xdp]
    public static XdpAction Run(XdpContext ctx)
    {
        byte[] buffer = new byte[16]; // expect: BPF0001 BPF0012
        var box = new Box(); // expect: BPF0001 BPF0012
        return buffer.Length > box.Value ? XdpAction.Pass : XdpAction.Drop; // expect: BPF0010
    }
}
