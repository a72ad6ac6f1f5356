using System.Runtime.InteropServices;
using BpfSharp;

namespace BpfSharp.Compiler.Tests.Corpus;

/// <summary>Operands and results of <see cref="ArithmeticUInt16"/>, at byte 16 of the packet.</summary>
[StructLayout(LayoutKind.Sequential)]
public struct OperandsUInt16
{
    public ushort A;
    public ushort B;
    public ushort Add;
    public ushort Sub;
    public ushort Mul;
    public ushort Div;
    public ushort Rem;
    public ushort Negate;
    public ushort And;
    public ushort Or;
    public ushort Xor;
    public ushort Not;
    public ushort ShiftLeft;
    public ushort ShiftRight;
    public ushort ShiftLeftUnmasked;
    public ushort ShiftRightUnmasked;
    public byte Compare;
}

/// <summary>Every arithmetic, bitwise, shift and comparison operator on ushort operands read from the packet.</summary>
public static unsafe class ArithmeticUInt16
{
    [Xdp]
    public static XdpAction Run(XdpContext ctx)
    {
        OperandsUInt16* ops = ctx.Header<OperandsUInt16>(16);
        if (ops == null) return XdpAction.Aborted;
        ushort a = ops->A;
        ushort b = ops->B;
        ops->Add = (ushort)(a + b);
        ops->Sub = (ushort)(a - b);
        ops->Mul = (ushort)(a * b);
        ops->Div = (ushort)((uint)a / (uint)(b | 1));
        ops->Rem = (ushort)((uint)a % (uint)(b | 1));
        ops->Negate = (ushort)(0 - a);
        ops->And = (ushort)(a & b);
        ops->Or = (ushort)(a | b);
        ops->Xor = (ushort)(a ^ b);
        ops->Not = (ushort)(~a);
        ops->ShiftLeft = (ushort)(a << (int)(b & 15));
        ops->ShiftRight = (ushort)(a >> (int)(b & 15));
        ops->ShiftLeftUnmasked = (ushort)(a << (int)b);
        ops->ShiftRightUnmasked = (ushort)(a >> (int)b);
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
