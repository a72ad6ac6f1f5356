using BpfSharp.Compiler.Llvm;
using BpfSharp.Compiler.Surface;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace BpfSharp.Compiler.CodeGen;

/// <summary>
/// Members of the runtime surface (<see cref="RuntimeSurface"/>) lowered to context loads, kernel helper calls and LLVM
/// intrinsics: the dispatch on <see cref="Intrinsic"/>, and the call forms every intrinsic shares. Checks the verifier
/// needs (packet bounds, helper lengths) are emitted in the form it tracks: the compared value goes through
/// <c>llvm.bpf.passthrough</c> so that LLVM cannot merge or reassociate the checks onto registers the verifier does not
/// relate to the checked one.
/// </summary>
internal sealed partial class FunctionLowering
{
    private bool TryEmitIntrinsicProperty(IPropertyReferenceOperation property, out nint value)
    {
        value = 0;
        if (RuntimeSurface.Find(property.Property) is not { } intrinsic) return false;
        value = intrinsic switch
        {
            Intrinsic.ByteSpanLength => _b.ExtractValue(EmitValue(property.Instance!), 1),
            Intrinsic.ByteSpanIndexer => ByteSpanElement(property),
            _ => ContextProperty(intrinsic, EmitValue(property.Instance!)) ?? throw Unsupported(property, $"{property.Property.Name} read as a property"),
        };
        return true;
    }

    private bool TryEmitIntrinsic(IInvocationOperation invocation, out nint value)
    {
        value = 0;
        if (RuntimeSurface.Find(invocation.TargetMethod) is not { } intrinsic) return false;
        value = intrinsic switch
        {
            Intrinsic.Header or Intrinsic.LoadBytes or Intrinsic.StoreBytes or Intrinsic.AdjustHead or Intrinsic.AdjustTail
                or Intrinsic.Redirect or Intrinsic.CloneRedirect => ContextMethod(invocation, intrinsic),
            Intrinsic.MapLookup or Intrinsic.MapUpdate or Intrinsic.MapDelete => MapMethod(invocation, intrinsic),
            Intrinsic.TailCall =>
                CallHelper(BpfHelper.TailCall, _t.I64, [(_t.Ptr, Arg(invocation, 0)), (_t.Ptr, MapOf(invocation)), (_t.I64, Widen(invocation, 1))]),
            Intrinsic.RingReserve or Intrinsic.RingSubmit or Intrinsic.RingDiscard or Intrinsic.RingOutput or Intrinsic.RingQuery => RingBufferMethod(invocation, intrinsic),
            Intrinsic.KtimeGetNs => CallHelper(BpfHelper.KtimeGetNs, _t.I64, []),
            Intrinsic.GetSmpProcessorId => _b.Trunc(CallHelper(BpfHelper.GetSmpProcessorId, _t.I64, []), _t.I32),
            Intrinsic.ChecksumDiff => ChecksumDiff(invocation),
            Intrinsic.ChecksumFold => ChecksumFold(Arg(invocation, 0)),
            Intrinsic.ByteSwap => ByteSwap(Arg(invocation, 0)),
            Intrinsic.PopCount or Intrinsic.TrailingZeroCount or Intrinsic.LeadingZeroCount or Intrinsic.RotateLeft or Intrinsic.RotateRight =>
                BitOperation(invocation, intrinsic),
            Intrinsic.AtomicAdd or Intrinsic.AtomicIncrement or Intrinsic.AtomicDecrement or Intrinsic.AtomicExchange
                or Intrinsic.AtomicCompareExchange or Intrinsic.AtomicOr or Intrinsic.AtomicAnd => Atomic(invocation, intrinsic),
            _ => throw Unsupported(invocation, $"{invocation.TargetMethod.Name} called as a method"),
        };
        return true;
    }

    private nint Arg(IInvocationOperation invocation, int ordinal) =>
        EmitValue(invocation.Arguments.Single(a => a.Parameter!.Ordinal == ordinal).Value);

    private IOperation ArgOperation(IInvocationOperation invocation, int ordinal) =>
        invocation.Arguments.Single(a => a.Parameter!.Ordinal == ordinal).Value;

    /// <summary>An integer argument widened to the 64-bit register a helper takes, by its C# signedness.</summary>
    private nint Widen(IInvocationOperation invocation, int ordinal)
    {
        var operation = ArgOperation(invocation, ordinal);
        var value = EmitValue(operation);
        return TypeLowering.IsBool(operation.Type!) ? _b.ZExt(value, _t.I64) : Resize(value, operation.Type!, _t.I64);
    }

    private nint NewBlock(string name) => _m.Context.AppendBlock(_function.Handle, name);

    /// <summary>
    /// A call of a kernel helper: <c>((ret (*)(args))id)(args)</c>, the form the BPF back end turns into <c>call id</c>.
    /// Its pointer arguments are <c>nocapture</c>: a helper reads or writes the memory it is given during the call and
    /// returns nothing based on it (the verifier lets no stack pointer outlive a call). Without that LLVM must assume
    /// that a map lookup may return its key's stack slot, so every value read from the result before the key's lifetime
    /// ends is read again after it, and checks already made on it are made again.
    /// </summary>
    private nint CallHelper(BpfHelper helper, nint returnType, (nint Type, nint Value)[] arguments)
    {
        var functionType = LlvmValue.FunctionType(returnType, arguments.Select(a => a.Type).ToArray());
        var callee = LlvmValue.ConstIntToPtr(_t.ConstI64((long)helper), _t.Ptr);
        var call = _b.Call(functionType, callee, arguments.Select(a => a.Value).ToArray());
        for (var i = 0; i < arguments.Length; i++)
            if (arguments[i].Type == _t.Ptr)
                LlvmInstruction.AddArgumentAttribute(_m.Context, call, i, "nocapture");
        return call;
    }

    private nint CallIntrinsic(string name, nint[] overloads, nint returnType, nint[] arguments)
    {
        var declaration = _m.Module.IntrinsicDeclaration(name, overloads);
        var functionType = LlvmValue.FunctionType(returnType, arguments.Select(LlvmValue.TypeOf).ToArray());
        return _b.Call(functionType, declaration, arguments);
    }

    /// <summary>
    /// <c>llvm.bpf.passthrough</c>: an identity LLVM's optimisers cannot see through (the BPF back end removes it), used
    /// to keep a checked value and its uses on one register.
    /// </summary>
    private nint Passthrough(nint value)
    {
        var type = LlvmValue.TypeOf(value);
        return CallIntrinsic("llvm.bpf.passthrough", [type, type], type, [_t.ConstI32(_m.NextPassthroughSequence()), value]);
    }
}
