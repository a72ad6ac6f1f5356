using System.Threading;
using BpfSharp;

public struct Narrow { public ushort Half; public byte Byte; public uint Word; }

public static unsafe class AtomicsProgram
{
    [Map] public static readonly ArrayMap<Narrow> Values = new(1);

    [Xdp]
    public static XdpAction Run(XdpContext ctx)
    {
        Narrow* v = Values.Lookup(0);
        if (v == null) return XdpAction.Pass;
        Interlocked.Exchange(ref v->Half, (ushort)1); // expect: BPF0014
        Interlocked.CompareExchange(ref v->Byte, (byte)1, (byte)0); // expect: BPF0014
        uint local = 0;
        Interlocked.Increment(ref local); // expect: BPF0014
        Narrow copy = *v;
        Interlocked.Or(ref copy.Word, 1u); // expect: BPF0014
        uint* header = ctx.Header<uint>(14);
        if (header == null) return XdpAction.Pass;
        Interlocked.Add(ref *header, 1u); // expect: BPF0014
        Interlocked.And(ref *(uint*)ctx.Data, 1u); // expect: BPF0014
        Interlocked.Add(ref v->Word, 1u);
        return XdpAction.Pass;
    }
}
