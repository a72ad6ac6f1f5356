using System.Runtime.InteropServices;
using BpfSharp;

namespace BpfSharp.Compiler.Tests.Corpus;

/// <summary>Operands and results of <see cref="ArithmeticUInt64"/>, at byte 16 of the packet.</summary>
[StructLayout(LayoutKind.Sequential)]
public struct OperandsUInt64
{
    public ulong A;
    public ulong B;
    public ulong Add;
    public ulong Sub;
    public ulong Mul;
    public ulong Div;
    public ulong Rem;
    public ulong Negate;
    public ulong And;
    public ulong Or;
    public ulong Xor;
    public ulong Not;
    public ulong ShiftLeft;
    public ulong ShiftRight;
    public ulong ShiftLeftUnmasked;
    public ulong ShiftRightUnmasked;
    public byte Compare;
}

/// <summary>Every arithmetic, bitwise, shift and comparison operator on ulong operands read from the packet.</summary>
public static unsafe class ArithmeticUInt64
{
    [Xdp]
    public static XdpAction Run(XdpContext ctx)
    {
        OperandsUInt64* ops = ctx.Header<OperandsUInt64>(16);
        if (ops == null) return XdpAction.Aborted;
        ulong a = ops->A;
        ulong b = ops->B;
        ops->Add = a + b;
        ops->Sub = a - b;
        ops->Mul = a * b;
        ops->Div = a / (ulong)(b | 1);
        ops->Rem = a % (ulong)(b | 1);
        ops->Negate = unchecked(0UL - a);
        ops->And = a & b;
        ops->Or = a | b;
        ops->Xor = a ^ b;
        ops->Not = ~a;
        ops->ShiftLeft = a << (int)(b & 63);
        ops->ShiftRight = a >> (int)(b & 63);
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
