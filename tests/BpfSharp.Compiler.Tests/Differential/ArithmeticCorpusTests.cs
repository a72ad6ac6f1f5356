using System.Runtime.CompilerServices;
using BpfSharp.Compiler.Tests.Corpus;
using BpfSharp.Testing;

namespace BpfSharp.Compiler.Tests.Differential;

/// <summary>Each arithmetic, bitwise, shift and comparison operator at each integer width, in the kernel and in-process.</summary>
public class ArithmeticCorpusTests
{
    /// <summary>
    /// Runs every edge and random operand pair both ways, then checks one fixed pair (7 and 3) against known results:
    /// sum 10, difference 4, product 21 at the start of the results, verdict Drop (7 is not below 3).
    /// </summary>
    private static void Agree<TOperands>(string file, Type program, Func<XdpContext, XdpAction> run, int operandSize)
        where TOperands : unmanaged
    {
        using var harness = DifferentialHarness.Load(file, program);
        int tail = Unsafe.SizeOf<TOperands>() - 2 * operandSize + 8;
        foreach (var packet in TestPackets.WithOperands(16, operandSize, tail))
            harness.RunXdp(run, packet);

        byte[] fixedPacket = new byte[16 + 2 * operandSize + tail];
        fixedPacket[16] = 7;
        fixedPacket[16 + operandSize] = 3;
        var (action, output) = harness.RunXdp(run, fixedPacket);
        Assert.Equal(XdpAction.Drop, action);
        int results = 16 + 2 * operandSize;
        Assert.Equal([10, 4, 21], new[] { 0, 1, 2 }.Select(i => (int)output[results + i * operandSize]).ToArray());
    }

    [KernelFact]
    public void Byte_operators_agree() => Agree<OperandsByte>("ArithmeticByte.cs", typeof(ArithmeticByte), ArithmeticByte.Run, 1);

    [KernelFact]
    public void SByte_operators_agree() => Agree<OperandsSByte>("ArithmeticSByte.cs", typeof(ArithmeticSByte), ArithmeticSByte.Run, 1);

    [KernelFact]
    public void UInt16_operators_agree() => Agree<OperandsUInt16>("ArithmeticUInt16.cs", typeof(ArithmeticUInt16), ArithmeticUInt16.Run, 2);

    [KernelFact]
    public void Int16_operators_agree() => Agree<OperandsInt16>("ArithmeticInt16.cs", typeof(ArithmeticInt16), ArithmeticInt16.Run, 2);

    [KernelFact]
    public void UInt32_operators_agree() => Agree<OperandsUInt32>("ArithmeticUInt32.cs", typeof(ArithmeticUInt32), ArithmeticUInt32.Run, 4);

    [KernelFact]
    public void Int32_operators_agree() => Agree<OperandsInt32>("ArithmeticInt32.cs", typeof(ArithmeticInt32), ArithmeticInt32.Run, 4);

    [KernelFact]
    public void UInt64_operators_agree() => Agree<OperandsUInt64>("ArithmeticUInt64.cs", typeof(ArithmeticUInt64), ArithmeticUInt64.Run, 8);

    [KernelFact]
    public void Int64_operators_agree() => Agree<OperandsInt64>("ArithmeticInt64.cs", typeof(ArithmeticInt64), ArithmeticInt64.Run, 8);
}
