using BpfSharp.Compiler.Llvm;
using BpfSharp.Compiler.Surface;
using Microsoft.CodeAnalysis.Operations;

namespace BpfSharp.Compiler.CodeGen;

/// <summary>
/// <c>Interlocked</c>'s read-modify-write methods as LLVM atomics, which the BPF back end (CPU v3) emits as
/// <c>BPF_ATOMIC</c> instructions: <c>BPF_FETCH</c> forms when the old value is used, the plain ones when it is not,
/// <c>BPF_XCHG</c> and <c>BPF_CMPXCHG</c>. The results are .NET's: Add, Increment and Decrement return the new value
/// (the fetched old one plus the addend), Exchange, CompareExchange, Or and And the old one. The subset check has made
/// sure the location is a 32- or 64-bit integer outside the stack and the packet.
/// </summary>
internal sealed partial class FunctionLowering
{
    private nint Atomic(IInvocationOperation invocation, Intrinsic intrinsic)
    {
        var location = ArgOperation(invocation, 0);
        var type = invocation.TargetMethod.Parameters[0].Type;
        var size = _t.Layouts.SizeOf(type);
        // The verifier checks the alignment of atomic accesses strictly, even on map values.
        if (AccessAlignment(location, type) < size)
            throw Unsupported(invocation, $"Interlocked.{invocation.TargetMethod.Name} on a field that is not aligned to its {size} bytes");
        var address = EmitAddress(location);
        var one = _t.ConstInt(_t.Scalar(type), 1);
        switch (intrinsic)
        {
            case Intrinsic.AtomicAdd:
            {
                var addend = Arg(invocation, 1);
                return _b.Add(Aligned(_b.AtomicRmw(AtomicRmwOperation.Add, address, addend), size), addend);
            }
            case Intrinsic.AtomicIncrement:
                return _b.Add(Aligned(_b.AtomicRmw(AtomicRmwOperation.Add, address, one), size), one);
            case Intrinsic.AtomicDecrement:
                return _b.Sub(Aligned(_b.AtomicRmw(AtomicRmwOperation.Sub, address, one), size), one);
            case Intrinsic.AtomicExchange:
                return Aligned(_b.AtomicRmw(AtomicRmwOperation.Xchg, address, Arg(invocation, 1)), size);
            case Intrinsic.AtomicCompareExchange:
            {
                var value = Arg(invocation, 1);
                var comparand = Arg(invocation, 2);
                return _b.ExtractValue(Aligned(_b.AtomicCmpXchg(address, comparand, value), size), 0);
            }
            case Intrinsic.AtomicOr:
                return Aligned(_b.AtomicRmw(AtomicRmwOperation.Or, address, Arg(invocation, 1)), size);
            default:
                return Aligned(_b.AtomicRmw(AtomicRmwOperation.And, address, Arg(invocation, 1)), size);
        }
    }

    private static nint Aligned(nint atomic, int size)
    {
        LlvmValue.SetAlignment(atomic, (uint)size);
        return atomic;
    }
}
