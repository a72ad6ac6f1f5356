using System.Runtime.InteropServices;
using BpfSharp;

namespace BpfSharp.Compiler.Tests.Corpus;

/// <summary>Operands and results of <see cref="ArithmeticInt64"/>, at byte 16 of the packet.</summary>
[StructLayout(LayoutKind.Sequential)]
public struct OperandsInt64
{
    public long A;
    public long B;
    public long Add;
    public long Sub;
    public long Mul;
    public long DivByFour;
    public long RemByEight;
    public long Negate;
    public long And;
    public long Or;
    public long Xor;
    public long Not;
    public long ShiftLeft;
    public long ShiftRight;
    public long ShiftLeftUnmasked;
    public long ShiftRightUnmasked;
    public byte Compare;
}

/// <summary>Every arithmetic, bitwise, shift and comparison operator on long operands read from the packet.</summary>
public static unsafe class ArithmeticInt64
{
    [Xdp]
    public static XdpAction Run(XdpContext ctx)
    {
        OperandsInt64* ops = ctx.Header<OperandsInt64>(16);
        if (ops == null) return XdpAction.Aborted;
        long a = ops->A;
        long b = ops->B;
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
