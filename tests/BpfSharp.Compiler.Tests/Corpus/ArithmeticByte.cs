using System.Runtime.InteropServices;
using BpfSharp;

namespace BpfSharp.Compiler.Tests.Corpus;

/// <summary>Operands and results of <see cref="ArithmeticByte"/>, at byte 16 of the packet.</summary>
[StructLayout(LayoutKind.Sequential)]
public struct OperandsByte
{
    public byte A;
    public byte B;
    public byte Add;
    public byte Sub;
    public byte Mul;
    public byte Div;
    public byte Rem;
    public byte Negate;
    public byte And;
    public byte Or;
    public byte Xor;
    public byte Not;
    public byte ShiftLeft;
    public byte ShiftRight;
    public byte ShiftLeftUnmasked;
    public byte ShiftRightUnmasked;
    public byte Compare;
}

/// <summary>Every arithmetic, bitwise, shift and comparison operator on byte operands read from the packet.</summary>
public static unsafe class ArithmeticByte
{
    [Xdp]
    public static XdpAction Run(XdpContext ctx)
    {
        OperandsByte* ops = ctx.Header<OperandsByte>(16);
        if (ops == null) return XdpAction.Aborted;
        byte a = ops->A;
        byte b = ops->B;
        ops->Add = (byte)(a + b);
        ops->Sub = (byte)(a - b);
        ops->Mul = (byte)(a * b);
        ops->Div = (byte)((uint)a / (uint)(b | 1));
        ops->Rem = (byte)((uint)a % (uint)(b | 1));
        ops->Negate = (byte)(0 - a);
        ops->And = (byte)(a & b);
        ops->Or = (byte)(a | b);
        ops->Xor = (byte)(a ^ b);
        ops->Not = (byte)(~a);
        ops->ShiftLeft = (byte)(a << (int)(b & 7));
        ops->ShiftRight = (byte)(a >> (int)(b & 7));
        ops->ShiftLeftUnmasked = (byte)(a << (int)b);
        ops->ShiftRightUnmasked = (byte)(a >> (int)b);
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
