using System.Runtime.InteropServices;
using BpfSharp;

namespace BpfSharp.Compiler.Tests.Corpus;

/// <summary>Operands and results of <see cref="ArithmeticSByte"/>, at byte 16 of the packet.</summary>
[StructLayout(LayoutKind.Sequential)]
public struct OperandsSByte
{
    public sbyte A;
    public sbyte B;
    public sbyte Add;
    public sbyte Sub;
    public sbyte Mul;
    public sbyte DivByFour;
    public sbyte RemByEight;
    public sbyte Negate;
    public sbyte And;
    public sbyte Or;
    public sbyte Xor;
    public sbyte Not;
    public sbyte ShiftLeft;
    public sbyte ShiftRight;
    public sbyte ShiftLeftUnmasked;
    public sbyte ShiftRightUnmasked;
    public byte Compare;
}

/// <summary>Every arithmetic, bitwise, shift and comparison operator on sbyte operands read from the packet.</summary>
public static unsafe class ArithmeticSByte
{
    [Xdp]
    public static XdpAction Run(XdpContext ctx)
    {
        OperandsSByte* ops = ctx.Header<OperandsSByte>(16);
        if (ops == null) return XdpAction.Aborted;
        sbyte a = ops->A;
        sbyte b = ops->B;
        ops->Add = (sbyte)(a + b);
        ops->Sub = (sbyte)(a - b);
        ops->Mul = (sbyte)(a * b);
        ops->DivByFour = (sbyte)(a / 4);
        ops->RemByEight = (sbyte)(a % 8);
        ops->Negate = (sbyte)(-a);
        ops->And = (sbyte)(a & b);
        ops->Or = (sbyte)(a | b);
        ops->Xor = (sbyte)(a ^ b);
        ops->Not = (sbyte)(~a);
        ops->ShiftLeft = (sbyte)(a << (int)(b & 7));
        ops->ShiftRight = (sbyte)(a >> (int)(b & 7));
        ops->ShiftLeftUnmasked = (sbyte)(a << (int)b);
        ops->ShiftRightUnmasked = (sbyte)(a >> (int)b);
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
