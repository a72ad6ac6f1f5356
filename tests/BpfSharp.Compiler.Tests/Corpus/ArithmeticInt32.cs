using System.Runtime.InteropServices;
using BpfSharp;

namespace BpfSharp.Compiler.Tests.Corpus;

/// <summary>Operands and results of <see cref="ArithmeticInt32"/>, at byte 16 of the packet.</summary>
[StructLayout(LayoutKind.Sequential)]
public struct OperandsInt32
{
    public int A;
    public int B;
    public int Add;
    public int Sub;
    public int Mul;
    public int DivByFour;
    public int RemByEight;
    public int Negate;
    public int And;
    public int Or;
    public int Xor;
    public int Not;
    public int ShiftLeft;
    public int ShiftRight;
    public int ShiftLeftUnmasked;
    public int ShiftRightUnmasked;
    public byte Compare;
}

/// <summary>Every arithmetic, bitwise, shift and comparison operator on int operands read from the packet.</summary>
public static unsafe class ArithmeticInt32
{
    [Xdp]
    public static XdpAction Run(XdpContext ctx)
    {
        OperandsInt32* ops = ctx.Header<OperandsInt32>(16);
        if (ops == null) return XdpAction.Aborted;
        int a = ops->A;
        int b = ops->B;
        ops->Add = a + b;
        ops->Sub = a - b;
        ops->Mul = a * b;
        ops->DivByFour = a / 4;
        ops->RemByEight = a % 8;
        ops->Negate = -a;
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
