using System.Threading;
using BpfSharp;

// A C counter ported with Interlocked: every operation and width on map values, results used and unused.
public struct Tallies
{
    public int Signed;
    public uint Unsigned;
    public long Wide;
    public ulong WideUnsigned;
    public uint Voters;
}

public static unsafe class AtomicCounters
{
    [Map] public static readonly ArrayMap<Tallies> Counters = new(4);
    [Map] public static readonly HashMap<uint, ulong> Words = new(16);

    [Xdp]
    public static XdpAction Count(XdpContext ctx)
    {
        Tallies* t = Counters.Lookup(0);
        if (t == null) return XdpAction.Aborted;
        Interlocked.Increment(ref t->Signed);
        Interlocked.Add(ref t->Unsigned, 3u);
        Interlocked.Decrement(ref t->Wide);
        Interlocked.Or(ref t->Voters, 4u);
        long after = Interlocked.Add(ref t->Wide, 10);
        uint before = Interlocked.Or(ref t->Voters, 1u);
        ulong* word = Words.Lookup(7);
        if (word == null) return XdpAction.Pass;
        ulong old = Interlocked.CompareExchange(ref *word, 5, 0);
        Interlocked.And(ref t->WideUnsigned, ~old);
        Interlocked.Exchange(ref t->Unsigned, before);
        return after > 0 ? XdpAction.Pass : XdpAction.Drop;
    }
}
