using System.Numerics;
using BpfSharp;

public class Handle
{
}

public struct Money : IComparisonOperators<Money, Money, bool>
{
    public long Cents;

    public static bool operator >(Money a, Money b) => a.Cents > b.Cents;
    public static bool operator <(Money a, Money b) => a.Cents < b.Cents;
    public static bool operator >=(Money a, Money b) => a.Cents >= b.Cents;
    public static bool operator <=(Money a, Money b) => a.Cents <= b.Cents;
    public static bool operator ==(Money a, Money b) => a.Cents == b.Cents;
    public static bool operator !=(Money a, Money b) => a.Cents != b.Cents;
    public override bool Equals(object? obj) => obj is Money other && other.Cents == Cents;
    public override int GetHashCode() => Cents.GetHashCode();
}

public static class GenericsProgram
{
    [Xdp]
    public static XdpAction Run(XdpContext ctx)
    {
        uint zero = Zero<uint>();
        uint kept = Ignore<Handle>(null!); // expect: BPF0017
        Money richer = Max(default(Money), default(Money)); // expect: BPF0017
        uint looped = Loop(ctx.IngressIfindex);
        return zero + kept + looped + (uint)richer.Cents > 0 ? XdpAction.Pass : XdpAction.Drop;
    }

    private static T Zero<T>() where T : unmanaged, INumber<T> => T.Zero; // expect: BPF0016

    private static uint Ignore<T>(T value) => 1; // expect: BPF0017

    private static T Max<T>(T a, T b) where T : unmanaged, IComparisonOperators<T, T, bool> => a > b ? a : b; // expect: BPF0017

    private static T Loop<T>(T value) where T : unmanaged => Loop(value); // expect: BPF0007
}
