using BpfSharp;

public interface IWeight { uint Weight(); }

public struct Heavy : IWeight { public uint Weight() => 10; }

public static class VirtualCallProgram
{
    [Xdp]
    public static XdpAction Run(XdpContext ctx)
    {
        int code = (int)ctx.IngressIfindex;
        uint hash = (uint)code.GetHashCode(); // expect: BPF0006
        return WeightOf(new Heavy()) + hash > 5 ? XdpAction.Pass : XdpAction.Drop;
    }

    private static uint WeightOf<T>(T item) where T : unmanaged, IWeight => item.Weight(); // expect: BPF0006
}
