using System.Runtime.CompilerServices;
using BpfSharp;

namespace BpfSharp.Compiler.Tests.Corpus;

/// <summary>A pair returned by value.</summary>
public struct Pair
{
    public uint First;
    public uint Second;

    public readonly uint Sum() => First + Second;

    public void Swap()
    {
        uint first = First;
        First = Second;
        Second = first;
    }
}

/// <summary>
/// Calls between program methods (BPF-to-BPF calls when not inlined): scalar, pointer, ref, in and out parameters,
/// struct results, struct instance methods, a call chain.
/// </summary>
public static unsafe class Calls
{
    [Xdp]
    public static XdpAction Run(XdpContext ctx)
    {
        byte* data = ctx.Data;
        if (data + 40 > ctx.DataEnd) return XdpAction.Aborted;
        uint a = *(uint*)(data + 16);
        uint b = *(uint*)(data + 20);
        Pair pair = MakePair(a, b);
        pair.Swap();
        uint total = pair.Sum();
        Accumulate(ref total, data[24]);
        ushort high;
        ushort low;
        Split(total, out high, out low);
        *(uint*)(data + 28) = total;
        *(ushort*)(data + 32) = high;
        *(ushort*)(data + 34) = low;
        *(uint*)(data + 36) = Mix(in pair, Depth1(data[25]));
        return Verdict(data, total);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static Pair MakePair(uint first, uint second) => new() { First = first * 3, Second = second ^ 0x5A5A5A5A };

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void Accumulate(ref uint total, byte value) => total = (total << 3) + value;

    private static void Split(uint value, out ushort high, out ushort low)
    {
        high = (ushort)(value >> 16);
        low = (ushort)value;
    }

    private static uint Mix(in Pair pair, uint salt) => pair.First * 31 + pair.Second + salt;

    private static uint Depth1(uint x) => Depth2(x + 1) * 2;

    private static uint Depth2(uint x) => Depth3(x ^ 0xFF) + 7;

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static uint Depth3(uint x) => x * x;

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static XdpAction Verdict(byte* data, uint total)
    {
        if ((total & 3) == 0) return XdpAction.Drop;
        return (total & 3) == 1 && data[26] > 128 ? XdpAction.Tx : XdpAction.Pass;
    }
}
