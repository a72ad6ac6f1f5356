using System.Numerics;
using System.Runtime.CompilerServices;
using BpfSharp;

namespace BpfSharp.Compiler.Tests.Corpus;

/// <summary>Two 16-bit fields read from the packet through a generic header helper.</summary>
public struct PortPair
{
    public ushort Source;
    public ushort Destination;
}

/// <summary>
/// Small generic helpers, compiled once per set of type arguments: generic math operators on signed and unsigned
/// integers of each width, a swap of bytes and of structs, a header accessor generic in its header type, a generic
/// helper calling another, and <c>sizeof(T)</c>.
/// </summary>
public static unsafe class Generics
{
    [Xdp]
    public static XdpAction Specialise(XdpContext ctx)
    {
        byte* data = ctx.Data;
        if (data + 64 > ctx.DataEnd) return XdpAction.Aborted;

        *(uint*)(data + 8) = Max(*(uint*)data, *(uint*)(data + 4));
        *(int*)(data + 20) = Max(*(int*)(data + 12), *(int*)(data + 16));
        *(short*)(data + 56) = Clamp(*(short*)(data + 52), (short)-100, *(short*)(data + 54));
        *(ulong*)(data + 32) = Mix(*(ulong*)(data + 32), 0x9e3779b97f4a7c15UL);
        data[28] = Mix(data[28], (byte)0x5a);

        byte first = data[40], second = data[41];
        Swap(ref first, ref second);
        data[40] = first;
        data[41] = second;

        PortPair* ports = Field<PortPair>(ctx, 44);
        if (ports == null) return XdpAction.Pass;
        PortPair flipped = *ports;
        Swap(ref flipped.Source, ref flipped.Destination);
        PortPair original = *ports;
        Swap(ref original, ref flipped);
        *ports = original;

        data[48] = (byte)(SizeOf<PortPair>() + SizeOf<ulong>() + SizeOf<byte>());
        data[49] = Larger(data[42], data[43]);
        *(uint*)(data + 60) = Larger(*(uint*)(data + 60), 7u);
        return Max(data[40], data[41]) > 0x80 ? XdpAction.Tx : XdpAction.Pass;
    }

    private static T Max<T>(T a, T b) where T : unmanaged, IComparisonOperators<T, T, bool> => a > b ? a : b;

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static T Larger<T>(T a, T b) where T : unmanaged, IComparisonOperators<T, T, bool> => a > b ? a : b;

    private static T Min<T>(T a, T b) where T : unmanaged, IComparisonOperators<T, T, bool> => a < b ? a : b;

    private static T Clamp<T>(T value, T low, T high) where T : unmanaged, INumber<T> => Min(Max(value, low), high);

    private static T Mix<T>(T value, T key) where T : unmanaged, IBinaryInteger<T>
    {
        if (key == default(T)) return value;
        T mixed = value ^ key;
        mixed += key;
        mixed = (mixed << 3) | (mixed >> 5);
        mixed++;
        return mixed * key - value;
    }

    private static void Swap<T>(ref T a, ref T b)
    {
        T kept = a;
        a = b;
        b = kept;
    }

    private static T* Field<T>(XdpContext ctx, uint offset) where T : unmanaged => ctx.Header<T>(offset);

    private static int SizeOf<T>() where T : unmanaged => sizeof(T);
}
