using System.Runtime.InteropServices;
using BpfSharp;

namespace BpfSharp.Compiler.Tests.Corpus;

/// <summary>A header overlay with explicit offsets, one field overlapping two others.</summary>
[StructLayout(LayoutKind.Explicit, Size = 16)]
public struct Overlay
{
    [FieldOffset(0)] public uint Word;
    [FieldOffset(0)] public ushort Low;
    [FieldOffset(2)] public ushort High;
    [FieldOffset(4)] public byte Flags;
    [FieldOffset(8)] public ulong Wide;
}

/// <summary>A point, nested twice below.</summary>
public struct Point
{
    public int X;
    public int Y;
}

/// <summary>Nested structs with a fixed buffer.</summary>
public unsafe struct Shape
{
    public Point Origin;
    public Point Extent;
    public fixed ushort Tags[4];
    public byte Kind;
}

/// <summary>Struct layout: explicit offsets, overlapping fields, nested structs copied by value, fixed buffers.</summary>
public static unsafe class StructLayouts
{
    [Map] public static readonly ArrayMap<Shape> Shapes = new(2);

    [Xdp]
    public static XdpAction Explicit(XdpContext ctx)
    {
        Overlay* overlay = ctx.Header<Overlay>(16);
        if (overlay == null) return XdpAction.Aborted;
        ushort low = overlay->Low;
        overlay->Low = overlay->High;
        overlay->High = low;
        overlay->Wide ^= overlay->Word;
        overlay->Flags = (byte)(overlay->Flags | 0x80);
        return overlay->Word > 0x8000_0000u ? XdpAction.Drop : XdpAction.Pass;
    }

    [Xdp]
    public static XdpAction Nested(XdpContext ctx)
    {
        Shape* packet = ctx.Header<Shape>(16);
        if (packet == null) return XdpAction.Aborted;
        Shape copy = *packet;
        Point swapped = copy.Origin;
        copy.Origin = copy.Extent;
        copy.Extent = swapped;
        copy.Extent.X += 1;
        for (int i = 0; i < 4; i++) copy.Tags[i] = (ushort)(copy.Tags[3 - i] + i);
        copy.Kind = (byte)(copy.Origin.Y < 0 ? 1 : 2);
        *packet = copy;
        Shapes.Update(copy.Kind & 1u, copy);
        Shape* stored = Shapes.Lookup(0);
        if (stored == null) return XdpAction.Aborted;
        stored->Tags[0] += 7;
        return copy.Origin.X > copy.Extent.Y ? XdpAction.Tx : XdpAction.Pass;
    }
}
