using System.Runtime.InteropServices;
using BpfSharp;

namespace BpfSharp.Compiler.Tests.Corpus;

/// <summary>Operands and results of <see cref="ArithmeticInt16"/>, at byte 16 of the packet.</summary>
[StructLayout(LayoutKind.Sequential)]
public struct OperandsInt16
{
    public short A;
    public short B;
    public short Add;
    public short Sub;
    public short Mul;
    public short DivByFour;
    public short RemByEight;
    public short Negate;
    public short And;
    public short Or;
    public short Xor;
    public short Not;
    public short ShiftLeft;
    public short ShiftRight;
    public short ShiftLeftUnmasked;
    public short ShiftRightUnmasked;
    public byte Compare;
}

/// <summary>Every arithmetic, bitwise, shift and comparison operator on short operands read from the packet.</summary>
public static unsafe class ArithmeticInt16
{
    [Xdp]
    public static XdpAction Run(XdpContext ctx)
    {
        OperandsInt16* ops = ctx.Header<OperandsInt16>(16);
        if (ops == null) return XdpAction.Aborted;
        short a = ops->A;
        short b = ops->B;
        ops->Add = (short)(a + b);
        ops->Sub = (short)(a - b);
        ops->Mul = (short)(a * b);
        ops->DivByFour = (short)(a / 4);
        ops->RemByEight = (short)(a % 8);
        ops->Negate = (short)(-a);
        ops->And = (short)(a & b);
        ops->Or = (short)(a | b);
        ops->Xor = (short)(a ^ b);
        ops->Not = (short)(~a);
        ops->ShiftLeft = (short)(a << (int)(b & 15));
        ops->ShiftRight = (short)(a >> (int)(b & 15));
        ops->ShiftLeftUnmasked = (short)(a << (int)b);
        ops->ShiftRightUnmasked = (short)(a >> (int)b);
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
