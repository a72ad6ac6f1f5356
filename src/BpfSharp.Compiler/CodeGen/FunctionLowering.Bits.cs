using BpfSharp.Compiler.Llvm;
using BpfSharp.Compiler.Surface;
using Microsoft.CodeAnalysis.Operations;

namespace BpfSharp.Compiler.CodeGen;

/// <summary>Byte swaps and bit operations as LLVM intrinsics, with the results .NET defines for them.</summary>
internal sealed partial class FunctionLowering
{
    private nint ByteSwap(nint value)
    {
        var type = LlvmValue.TypeOf(value);
        return LlvmValue.IntWidth(type) == 8 ? value : CallIntrinsic("llvm.bswap", [type], type, [value]);
    }

    /// <summary>
    /// <c>BitOperations</c>: counts are <c>int</c>, and a zero operand counts all its bits as zeros (as .NET defines
    /// it, so <c>llvm.cttz</c> and <c>llvm.ctlz</c> are asked not to treat zero as poison); rotate counts are taken
    /// modulo the width.
    /// </summary>
    private nint BitOperation(IInvocationOperation invocation, Intrinsic intrinsic)
    {
        var operand = ArgOperation(invocation, 0);
        var value = EmitValue(operand);
        var type = LlvmValue.TypeOf(value);
        switch (intrinsic)
        {
            case Intrinsic.PopCount:
                return Resize(CallIntrinsic("llvm.ctpop", [type], type, [value]), operand.Type!, _t.I32);
            case Intrinsic.TrailingZeroCount:
                return Resize(CallIntrinsic("llvm.cttz", [type], type, [value, _t.False]), operand.Type!, _t.I32);
            case Intrinsic.LeadingZeroCount:
                return Resize(CallIntrinsic("llvm.ctlz", [type], type, [value, _t.False]), operand.Type!, _t.I32);
            default:
            {
                var bits = LlvmValue.IntWidth(type);
                var count = _b.And(Resize(Arg(invocation, 1), invocation.TargetMethod.Parameters[1].Type, type), _t.ConstInt(type, bits - 1));
                return CallIntrinsic(intrinsic == Intrinsic.RotateLeft ? "llvm.fshl" : "llvm.fshr", [type], type, [value, value, count]);
            }
        }
    }
}
