using System.Runtime.InteropServices;
using BpfSharp;

namespace BpfSharp.Compiler.Tests.Corpus;

/// <summary>Operands and results of <see cref="ArithmeticUInt32"/>, at byte 16 of the packet.</summary>
[StructLayout(LayoutKind.Sequential)]
public struct OperandsUInt32
{
    public uint A;
    public uint B;
    public uint Add;
    public uint Sub;
    public uint Mul;
    public uint Div;
    public uint Rem;
    public uint Negate;
    public uint And;
    public uint Or;
    public uint Xor;
    public uint Not;
    public uint ShiftLeft;
    public uint ShiftRight;
    public uint ShiftLeftUnmasked;
    public uint ShiftRightUnmasked;
    public byte Compare;
}

/// <summary>Every arithmetic, bitwise, shift and comparison operator on uint operands read from the packet.</summary>
public static unsafe class ArithmeticUInt32
{
    [Xdp]
    public static XdpAction Run(XdpContext ctx)
    {
        OperandsUInt32* ops = ctx.Header<OperandsUInt32>(16);
        if (ops == null) return XdpAction.Aborted;
        uint a = ops->A;
        uint b = ops->B;
        ops->Add = a + b;
        ops->Sub = a - b;
        ops->Mul = a * b;
        ops->Div = a / (uint)(b | 1);
        ops->Rem = a % (uint)(b | 1);
        ops->Negate = unchecked(0 - a);
        ops->And = a & b;
        ops->Or = a | b;
        ops->Xor = a ^ b;
        ops->Not = ~a;
        ops->ShiftLeft = a << (int)(b & 31);
        ops->ShiftRight = a >> (int)(b & 31);
        ops->ShiftLeftUnmasked = a << (int)b;
        ops->ShiftRightUnmasked = a >> (int)b;
        int compare = 0;
        if (a < b) compare |= 1;
        if (a <= b) compare |= 2;
        if (a > b) compare |= 4;
        if (a >= b) compare |= 8;
        if (a == b) compare |= 16;
        if (a != b) compare |= 32;
        ops->Compare = (byte)compare;
        return a < b ? XdpAction.Pass : XdpAction.Drop;
    }
}
