using BpfSharp.Compiler.Llvm;
using BpfSharp.Compiler.Surface;
using Microsoft.CodeAnalysis.FlowAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace BpfSharp.Compiler.CodeGen;

/// <summary>Maps, ring buffers and checksums: kernel helper calls on the program's maps and memory.</summary>
internal sealed partial class FunctionLowering
{
    private nint MapOf(IInvocationOperation invocation)
    {
        if (invocation.Instance is IFieldReferenceOperation { Field: var field } && _m.Maps.TryGetValue(field.OriginalDefinition, out var map))
            return map;
        if (invocation.Instance is IFlowCaptureReferenceOperation capture && _capturedMaps.TryGetValue(capture.Id, out var captured))
            return captured;
        throw Unsupported(invocation, "a map that is not a static [Map] field of the program");
    }

    private nint MapMethod(IInvocationOperation invocation, Intrinsic intrinsic)
    {
        var map = MapOf(invocation);
        var key = SpillArgument(invocation, 0);
        switch (intrinsic)
        {
            case Intrinsic.MapLookup:
                return CallHelper(BpfHelper.MapLookupElem, _t.Ptr, [(_t.Ptr, map), (_t.Ptr, key)]);
            case Intrinsic.MapUpdate:
            {
                var value = SpillArgument(invocation, 1);
                var flags = Widen(invocation, 2);
                return _b.Trunc(CallHelper(BpfHelper.MapUpdateElem, _t.I64, [(_t.Ptr, map), (_t.Ptr, key), (_t.Ptr, value), (_t.I64, flags)]), _t.I32);
            }
            default:
                return _b.Trunc(CallHelper(BpfHelper.MapDeleteElem, _t.I64, [(_t.Ptr, map), (_t.Ptr, key)]), _t.I32);
        }
    }

    /// <summary>A copy of the argument on the stack (map helpers take keys and values by address, from the stack).</summary>
    private nint SpillArgument(IInvocationOperation invocation, int ordinal)
    {
        var operation = ArgOperation(invocation, ordinal);
        var type = invocation.TargetMethod.Parameters[ordinal].Type;
        var slot = NewSlot(type, zeroed: false);
        StoreTo(slot, EmitValue(operation), type, BaseAlignment, PlacementAlignment(operation));
        return slot;
    }

    private nint RingBufferMethod(IInvocationOperation invocation, Intrinsic intrinsic)
    {
        var map = MapOf(invocation);
        switch (intrinsic)
        {
            case Intrinsic.RingReserve:
                return CallHelper(BpfHelper.RingbufReserve, _t.Ptr,
                    [(_t.Ptr, map), (_t.I64, _t.ConstI64(_t.Layouts.SizeOf(invocation.TargetMethod.TypeArguments[0]))), (_t.I64, _t.ConstI64(0))]);
            case Intrinsic.RingSubmit or Intrinsic.RingDiscard:
                CallHelper(intrinsic == Intrinsic.RingSubmit ? BpfHelper.RingbufSubmit : BpfHelper.RingbufDiscard, _t.Void,
                    [(_t.Ptr, Arg(invocation, 0)), (_t.I64, Widen(invocation, 1))]);
                return 0;
            case Intrinsic.RingQuery:
                return CallHelper(BpfHelper.RingbufQuery, _t.I64, [(_t.Ptr, map), (_t.I64, Widen(invocation, 0))]);
            default:
            {
                var data = Arg(invocation, 0);
                var size = Arg(invocation, 1);
                return _b.Trunc(CallHelper(BpfHelper.RingbufOutput, _t.I64, [(_t.Ptr, map), (_t.Ptr, data), (_t.I64, size), (_t.I64, Widen(invocation, 2))]), _t.I32);
            }
        }
    }

    /// <summary>
    /// <c>Checksum.Diff</c>: sizes that are not multiples of 4 or that add up to more than 512 give <c>-EINVAL</c>, as
    /// in-process and in the kernel. Each size is also checked against 512 on its own, which the sum check implies,
    /// because the verifier needs a bound on each size register before the call. Constant sizes (the usual case: a
    /// header's size) are checked here instead, so the call is made or refused without a branch.
    /// </summary>
    private nint ChecksumDiff(IInvocationOperation invocation)
    {
        var from = Arg(invocation, 0);
        var fromSize = _b.ZExt(Arg(invocation, 1), _t.I64);
        var to = Arg(invocation, 2);
        var toSize = _b.ZExt(Arg(invocation, 3), _t.I64);
        var seed = _b.ZExt(Arg(invocation, 4), _t.I64);
        if (LlvmValue.ConstantValue(fromSize) is { } constantFrom && LlvmValue.ConstantValue(toSize) is { } constantTo)
            return ChecksumSizesValid(constantFrom, constantTo)
                ? CallChecksumDiff(from, fromSize, to, toSize, seed)
                : _t.ConstI64(-Errno.EINVAL);
        var result = _allocas.Alloca(_t.I64);
        _b.Store(_t.ConstI64(-Errno.EINVAL), result);
        var done = NewBlock("csum.done");
        var fromSizeChecked = Passthrough(fromSize);
        var toSizeChecked = Passthrough(toSize);
        var maximum = _t.ConstI64(ChecksumMaximumSize);
        var misaligned = _b.ICmp(IntPredicate.Ne, _b.And(_b.Or(fromSize, toSize), _t.ConstI64(3)), _t.ConstI64(0));
        var tooLong = _b.ICmp(IntPredicate.Ugt, _b.Add(fromSize, toSize), maximum);
        var fromOk = NewBlock("csum.sizes");
        _b.CondBr(_b.Or(misaligned, tooLong), done, fromOk);
        _b.PositionAtEnd(fromOk);
        var toOk = NewBlock("csum.from");
        _b.CondBr(_b.ICmp(IntPredicate.Ugt, fromSizeChecked, maximum), done, toOk);
        _b.PositionAtEnd(toOk);
        var call = NewBlock("csum.call");
        _b.CondBr(_b.ICmp(IntPredicate.Ugt, toSizeChecked, maximum), done, call);
        _b.PositionAtEnd(call);
        _b.Store(CallChecksumDiff(from, fromSizeChecked, to, toSizeChecked, seed), result);
        _b.Br(done);
        _b.PositionAtEnd(done);
        return _b.Load(_t.I64, result);
    }

    private const int ChecksumMaximumSize = 512;

    private static bool ChecksumSizesValid(ulong fromSize, ulong toSize) =>
        ((fromSize | toSize) & 3) == 0 && fromSize <= ChecksumMaximumSize && toSize <= ChecksumMaximumSize
        && fromSize + toSize <= ChecksumMaximumSize;

    private nint CallChecksumDiff(nint from, nint fromSize, nint to, nint toSize, nint seed) =>
        CallHelper(BpfHelper.CsumDiff, _t.I64, [(_t.Ptr, from), (_t.I64, fromSize), (_t.Ptr, to), (_t.I64, toSize), (_t.I64, seed)]);

    /// <summary><c>Checksum.Fold</c>: two end-around-carry folds of the low 32 bits, complemented, as the runtime computes it.</summary>
    private nint ChecksumFold(nint partial)
    {
        var low16 = _t.ConstI64(0xffff);
        var sixteen = _t.ConstI64(16);
        var sum = _b.And(partial, _t.ConstI64(0xffffffff));
        sum = _b.Add(_b.And(sum, low16), _b.LShr(sum, sixteen));
        sum = _b.Add(_b.And(sum, low16), _b.LShr(sum, sixteen));
        return _b.Trunc(_b.Not(sum), _t.I16);
    }
}
