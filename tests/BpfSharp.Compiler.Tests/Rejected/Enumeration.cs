using System.Linq;
using BpfSharp;

public static unsafe class EnumerationProgram
{
    [Xdp]
    public static XdpAction Run(XdpContext ctx)
    {
        uint sum = 0;
        foreach (var b in "abc"u8) // expect: BPF0005
            sum += b;
        var query = from x in Enumerable.Range(0, 4) select x; // expect: BPF0005 BPF0012
        bool any = Enumerable.Range(0, 4).Any(); // expect: BPF0005
        return sum > 0 && any ? XdpAction.Pass : XdpAction.Drop;
    }
}
