using BpfSharp.Compiler.Llvm;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.FlowAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace BpfSharp.Compiler.CodeGen;

/// <summary>
/// Members of the BpfSharp programming model (and a few BCL intrinsics) lowered to context loads, kernel helper calls
/// and LLVM intrinsics. Checks the verifier needs (packet bounds, helper lengths) are emitted in the form it tracks:
/// the compared value goes through <c>llvm.bpf.passthrough</c> so that LLVM cannot merge or reassociate the checks
/// onto registers the verifier does not relate to the checked one.
/// </summary>
internal sealed partial class FunctionLowering
{
    internal const int XdpData = 0;
    private const int XdpDataEnd = 4, XdpIngressIfindex = 12, XdpRxQueueIndex = 16;
    internal const int SkbData = 76;
    private const int SkbLen = 0, SkbMark = 8, SkbIfindex = 40, SkbDataEnd = 80;
    private const long MaxPacketOffset = 0xffff;

    private bool TryEmitIntrinsicProperty(IPropertyReferenceOperation property, out nint value)
    {
        value = 0;
        var owner = property.Property.ContainingType.ToDisplayString();
        var name = property.Property.Name;
        if (owner == TypeLowering.ByteSpanName)
        {
            value = ByteSpanMember(property);
            return true;
        }
        if (owner is not (TypeLowering.XdpContextName or TypeLowering.TcContextName)) return false;
        var ctx = EmitValue(property.Instance!);
        var xdp = owner == TypeLowering.XdpContextName;
        value = (xdp, name) switch
        {
            (true, "Data") => PacketPointer(ctx, XdpData),
            (true, "DataEnd") => PacketPointer(ctx, XdpDataEnd),
            (true, "IngressIfindex") => ContextField(ctx, XdpIngressIfindex),
            (true, "RxQueueIndex") => ContextField(ctx, XdpRxQueueIndex),
            (false, "Data") => PacketPointer(ctx, SkbData),
            (false, "DataEnd") => PacketPointer(ctx, SkbDataEnd),
            (false, "Length") => ContextField(ctx, SkbLen),
            (false, "Mark") => ContextField(ctx, SkbMark),
            (false, "Ifindex") => ContextField(ctx, SkbIfindex),
            _ => throw Unsupported(property, $"the context member {name}"),
        };
        return true;
    }

    /// <summary>
    /// A <c>u8</c> literal: its bytes as a private constant in <c>.rodata</c> (read-only map data the verifier bounds
    /// every access to), one global per distinct literal.
    /// </summary>
    private unsafe nint ByteString(string text)
    {
        var bytes = System.Text.Encoding.UTF8.GetBytes(text);
        if (!_m.ByteStrings.TryGetValue(text, out var global))
        {
            nint initializer;
            fixed (byte* b = bytes) initializer = LlvmApi.LLVMConstStringInContext2(_m.Context.Handle, b, (nuint)bytes.Length, 1);
            global = LlvmApi.LLVMAddGlobal(_m.Module.Handle, LlvmApi.LLVMTypeOf(initializer), _m.UniqueSymbol(".str.u8"));
            LlvmApi.LLVMSetInitializer(global, initializer);
            LlvmApi.LLVMSetGlobalConstant(global, 1);
            LlvmApi.LLVMSetLinkage(global, (int)LlvmLinkage.Private);
            LlvmApi.LLVMSetSection(global, ".rodata");
            LlvmApi.LLVMSetAlignment(global, 1);
            _m.ByteStrings[text] = global;
        }
        var fields = stackalloc nint[] { global, _t.ConstI32(bytes.Length) };
        return LlvmApi.LLVMConstStructInContext(_m.Context.Handle, fields, 2, 0);
    }

    /// <summary><c>span.Length</c> and <c>span[i]</c> (a byte load; the verifier bounds the index against the literal).</summary>
    private nint ByteSpanMember(IPropertyReferenceOperation property)
    {
        var span = EmitValue(property.Instance!);
        if (property.Property.Name == "Length") return _b.ExtractValue(span, 1);
        if (property.Property.IsIndexer && property.Arguments is [var index])
        {
            var offset = Resize(EmitValue(index.Value), index.Value.Type!, _t.I64);
            var load = _b.Load(_t.I8, _b.Gep(_t.I8, _b.ExtractValue(span, 0), offset));
            LlvmApi.LLVMSetAlignment(load, 1);
            return load;
        }
        throw Unsupported(property, $"ReadOnlySpan<byte>.{property.Property.Name}");
    }

    private bool TryEmitIntrinsic(IInvocationOperation invocation, out nint value)
    {
        value = 0;
        var method = invocation.TargetMethod;
        var owner = method.ContainingType.OriginalDefinition.ToDisplayString();
        switch (owner)
        {
            case TypeLowering.XdpContextName or TypeLowering.TcContextName:
                value = ContextMethod(invocation, owner == TypeLowering.XdpContextName);
                return true;
            case "BpfSharp.ArrayMap<TValue>" or "BpfSharp.PerCpuArrayMap<TValue>" or "BpfSharp.HashMap<TKey, TValue>" or "BpfSharp.LruHashMap<TKey, TValue>":
                value = MapMethod(invocation);
                return true;
            case "BpfSharp.RingBuffer":
                value = RingBufferMethod(invocation);
                return true;
            case "BpfSharp.ProgramArray":
                value = CallHelper(BpfHelper.TailCall, _t.I64, [(_t.Ptr, Arg(invocation, 0)), (_t.Ptr, MapOf(invocation)), (_t.I64, Widen(invocation, 1))]);
                return true;
            case "BpfSharp.Bpf":
                value = method.Name switch
                {
                    "KtimeGetNs" => CallHelper(BpfHelper.KtimeGetNs, _t.I64, []),
                    "GetSmpProcessorId" => _b.Trunc(CallHelper(BpfHelper.GetSmpProcessorId, _t.I64, []), _t.I32),
                    _ => throw Unsupported(invocation, $"Bpf.{method.Name}"),
                };
                return true;
            case "BpfSharp.Checksum":
                value = method.Name == "Diff" ? ChecksumDiff(invocation) : ChecksumFold(Arg(invocation, 0));
                return true;
            case "System.Buffers.Binary.BinaryPrimitives" when method.Name == "ReverseEndianness":
            case "BpfSharp.Net.ByteOrder":
                value = ByteSwap(Arg(invocation, 0));
                return true;
            case "System.Numerics.BitOperations":
                value = BitOperation(invocation);
                return true;
            default:
                return false;
        }
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

    private nint ContextField(nint ctx, int offset)
    {
        var load = _b.Load(_t.I32, offset == 0 ? ctx : _b.Gep(_t.I8, ctx, _t.ConstI64(offset)));
        LlvmApi.LLVMSetAlignment(load, 4);
        return load;
    }

    /// <summary><c>(void *)(long)ctx->data</c>: a 32-bit context load the verifier rewrites into a packet pointer.</summary>
    private nint PacketPointer(nint ctx, int offset) => _b.IntToPtr(_b.ZExt(ContextField(ctx, offset), _t.I64), _t.Ptr);

    private nint ContextMethod(IInvocationOperation invocation, bool xdp)
    {
        var method = invocation.TargetMethod;
        var ctx = EmitValue(invocation.Instance!);
        switch (method.Name)
        {
            case "Header":
                return Header(ctx, xdp, Arg(invocation, 0), _t.Layouts.SizeOf(method.TypeArguments[0]));
            case "LoadBytes" or "StoreBytes":
            {
                var offset = Widen(invocation, 0);
                var buffer = Arg(invocation, 1);
                var length = Arg(invocation, 2);
                var capacity = _t.Layouts.SizeOf(method.TypeArguments[0]);
                var helper = (xdp, method.Name) switch
                {
                    (true, "LoadBytes") => BpfHelper.XdpLoadBytes,
                    (true, _) => BpfHelper.XdpStoreBytes,
                    (false, "LoadBytes") => BpfHelper.SkbLoadBytes,
                    _ => BpfHelper.SkbStoreBytes,
                };
                return BoundedLengthCall(ctx, helper, offset, buffer, length, capacity);
            }
            case "AdjustHead" or "AdjustTail" when xdp:
            {
                var delta = Widen(invocation, 0);
                var helper = method.Name == "AdjustHead" ? BpfHelper.XdpAdjustHead : BpfHelper.XdpAdjustTail;
                return _b.Trunc(CallHelper(helper, _t.I64, [(_t.Ptr, ctx), (_t.I64, delta)]), _t.I32);
            }
            case "Redirect":
                return _b.Trunc(CallHelper(BpfHelper.Redirect, _t.I64, [(_t.I64, Widen(invocation, 0)), (_t.I64, _t.ConstI64(0))]), _t.I32);
            case "CloneRedirect" when !xdp:
            {
                var ifindex = Widen(invocation, 0);
                var ingress = Widen(invocation, 1);
                return _b.Trunc(CallHelper(BpfHelper.CloneRedirect, _t.I64, [(_t.Ptr, ctx), (_t.I64, ifindex), (_t.I64, ingress)]), _t.I32);
            }
            default:
                throw Unsupported(invocation, $"the context method {method.Name}");
        }
    }

    /// <summary>
    /// <c>Header&lt;T&gt;(offset)</c>: <c>p = data + offset; p + sizeof(T) &gt; data_end ? null : p</c>.
    /// </summary>
    private nint Header(nint ctx, bool xdp, nint offset32, int size)
    {
        var (pointer, outside) = HeaderParts(ctx, xdp, offset32, size);
        return LlvmApi.LLVMIsConstant(offset32) != 0 ? _b.Select(outside, _t.Null, pointer) : pointer;
    }

    /// <summary>
    /// A header's pointer and whether it reaches past the end of the packet. At a variable offset the offset is first
    /// limited to 16 bits (a larger one is outside, as no frame is that long) so that the verifier can add it to a
    /// packet pointer, p is kept as the base of the end pointer so that the check marks p itself as in range, and the
    /// pointer is already null when outside.
    /// </summary>
    private (nint Pointer, nint Outside) HeaderParts(nint ctx, bool xdp, nint offset32, int size)
    {
        var data = PacketPointer(ctx, xdp ? XdpData : SkbData);
        var end = PacketPointer(ctx, xdp ? XdpDataEnd : SkbDataEnd);
        if (LlvmApi.LLVMIsConstant(offset32) != 0)
            return ConstantOffsetHeaderParts(data, end, LlvmApi.LLVMConstIntGetZExtValue(offset32), size);
        var offset = _b.ZExt(offset32, _t.I64);
        var bounded = Passthrough(_b.And(offset, _t.ConstI64(MaxPacketOffset)));
        var result = NewSlot(_m.Model.Compilation.CreatePointerTypeSymbol(_m.Model.Compilation.GetSpecialType(SpecialType.System_Byte)), zeroed: false);
        var outside = _allocas.Alloca(_t.I1);
        _b.Store(_t.Null, result);
        _b.Store(LlvmApi.LLVMConstInt(_t.I1, 1, 0), outside);
        var inRange = NewBlock("header.offset");
        var check = NewBlock("header.check");
        var found = NewBlock("header.found");
        var done = NewBlock("header.done");
        _b.CondBr(_b.ICmp(IntPredicate.Ugt, offset, _t.ConstI64(MaxPacketOffset)), done, inRange);
        _b.PositionAtEnd(inRange);
        var start = Passthrough(_b.Gep(_t.I8, data, bounded));
        _b.Br(check);
        _b.PositionAtEnd(check);
        var limit = _b.Gep(_t.I8, start, _t.ConstI64(size));
        _b.CondBr(_b.ICmp(IntPredicate.Ugt, limit, end), done, found);
        _b.PositionAtEnd(found);
        _b.Store(start, result);
        _b.Store(LlvmApi.LLVMConstInt(_t.I1, 0, 0), outside);
        _b.Br(done);
        _b.PositionAtEnd(done);
        return (_b.Load(_t.Ptr, result), _b.Load(_t.I1, outside));
    }

    /// <summary>A header at a constant offset: the plain <c>data + k + size &gt; data_end</c> check C programs use.</summary>
    private (nint Pointer, nint Outside) ConstantOffsetHeaderParts(nint data, nint end, ulong offset, int size)
    {
        if (offset > MaxPacketOffset) return (_t.Null, LlvmApi.LLVMConstInt(_t.I1, 1, 0));
        var start = _b.Gep(_t.I8, data, _t.ConstI64((long)offset));
        return (start, _b.ICmp(IntPredicate.Ugt, _b.Gep(_t.I8, start, _t.ConstI64(size)), end));
    }

    /// <summary>
    /// A helper taking (ctx, offset, buffer, length) where the length must be in 1..capacity:
    /// <c>length == 0 || length &gt; capacity ? -EINVAL : helper(...)</c>, each bound checked on its own so the verifier
    /// knows both when it reaches the call.
    /// </summary>
    private nint BoundedLengthCall(nint ctx, BpfHelper helper, nint offset, nint buffer, nint length32, int capacity)
    {
        var result = _allocas.Alloca(_t.I32);
        _b.Store(_t.ConstI32(-Errno.EINVAL), result);
        var length = _b.ZExt(length32, _t.I64);
        var nonZero = NewBlock("len.nonzero");
        var call = NewBlock("len.ok");
        var done = NewBlock("len.done");
        _b.CondBr(_b.ICmp(IntPredicate.Eq, Passthrough(length), _t.ConstI64(0)), done, nonZero);
        _b.PositionAtEnd(nonZero);
        var checkedLength = Passthrough(length);
        _b.CondBr(_b.ICmp(IntPredicate.Ugt, checkedLength, _t.ConstI64(capacity)), done, call);
        _b.PositionAtEnd(call);
        List<(nint, nint)> arguments = [(_t.Ptr, ctx), (_t.I64, offset), (_t.Ptr, buffer), (_t.I64, checkedLength)];
        if (helper == BpfHelper.SkbStoreBytes) arguments.Add((_t.I64, _t.ConstI64(0)));
        _b.Store(_b.Trunc(CallHelper(helper, _t.I64, arguments.ToArray()), _t.I32), result);
        _b.Br(done);
        _b.PositionAtEnd(done);
        return _b.Load(_t.I32, result);
    }

    private nint MapOf(IInvocationOperation invocation)
    {
        if (invocation.Instance is IFieldReferenceOperation { Field: var field } && _m.Maps.TryGetValue(field.OriginalDefinition, out var map))
            return map;
        if (invocation.Instance is IFlowCaptureReferenceOperation capture && _capturedMaps.TryGetValue(capture.Id, out var captured))
            return captured;
        throw Unsupported(invocation, "a map that is not a static [Map] field of the program");
    }

    private nint MapMethod(IInvocationOperation invocation)
    {
        var method = invocation.TargetMethod;
        var map = MapOf(invocation);
        var key = SpillArgument(invocation, 0);
        switch (method.Name)
        {
            case "Lookup":
                return CallHelper(BpfHelper.MapLookupElem, _t.Ptr, [(_t.Ptr, map), (_t.Ptr, key)]);
            case "Update":
            {
                var value = SpillArgument(invocation, 1);
                var flags = Widen(invocation, 2);
                return _b.Trunc(CallHelper(BpfHelper.MapUpdateElem, _t.I64, [(_t.Ptr, map), (_t.Ptr, key), (_t.Ptr, value), (_t.I64, flags)]), _t.I32);
            }
            case "Delete":
                return _b.Trunc(CallHelper(BpfHelper.MapDeleteElem, _t.I64, [(_t.Ptr, map), (_t.Ptr, key)]), _t.I32);
            default:
                throw Unsupported(invocation, $"the map method {method.Name}");
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

    private nint RingBufferMethod(IInvocationOperation invocation)
    {
        var method = invocation.TargetMethod;
        var map = MapOf(invocation);
        var none = _t.ConstI64(0);
        switch (method.Name)
        {
            case "Reserve":
                return CallHelper(BpfHelper.RingbufReserve, _t.Ptr,
                    [(_t.Ptr, map), (_t.I64, _t.ConstI64(_t.Layouts.SizeOf(method.TypeArguments[0]))), (_t.I64, none)]);
            case "Submit" or "Discard":
                CallHelper(method.Name == "Submit" ? BpfHelper.RingbufSubmit : BpfHelper.RingbufDiscard, _t.Void, [(_t.Ptr, Arg(invocation, 0)), (_t.I64, none)]);
                return 0;
            case "Output":
            {
                var data = Arg(invocation, 0);
                var size = Arg(invocation, 1);
                return _b.Trunc(CallHelper(BpfHelper.RingbufOutput, _t.I64, [(_t.Ptr, map), (_t.Ptr, data), (_t.I64, size), (_t.I64, none)]), _t.I32);
            }
            default:
                throw Unsupported(invocation, $"RingBuffer.{method.Name}");
        }
    }

    /// <summary>
    /// <c>Checksum.Diff</c>: sizes that are not multiples of 4 or that add up to more than 512 give <c>-EINVAL</c>, as
    /// in-process and in the kernel. Each size is also checked against 512 on its own, which the sum check implies,
    /// because the verifier needs a bound on each size register before the call.
    /// </summary>
    private nint ChecksumDiff(IInvocationOperation invocation)
    {
        var from = Arg(invocation, 0);
        var fromSize = _b.ZExt(Arg(invocation, 1), _t.I64);
        var to = Arg(invocation, 2);
        var toSize = _b.ZExt(Arg(invocation, 3), _t.I64);
        var seed = _b.ZExt(Arg(invocation, 4), _t.I64);
        var result = _allocas.Alloca(_t.I64);
        _b.Store(_t.ConstI64(-Errno.EINVAL), result);
        var done = NewBlock("csum.done");
        var fromSizeChecked = Passthrough(fromSize);
        var toSizeChecked = Passthrough(toSize);
        var maximum = _t.ConstI64(512);
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
        _b.Store(CallHelper(BpfHelper.CsumDiff, _t.I64, [(_t.Ptr, from), (_t.I64, fromSizeChecked), (_t.Ptr, to), (_t.I64, toSizeChecked), (_t.I64, seed)]), result);
        _b.Br(done);
        _b.PositionAtEnd(done);
        return _b.Load(_t.I64, result);
    }

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

    private nint ByteSwap(nint value)
    {
        var type = LlvmApi.LLVMTypeOf(value);
        return LlvmApi.LLVMGetIntTypeWidth(type) == 8 ? value : CallIntrinsic("llvm.bswap", [type], type, [value]);
    }

    private nint BitOperation(IInvocationOperation invocation)
    {
        var name = invocation.TargetMethod.Name;
        var operand = ArgOperation(invocation, 0);
        var value = EmitValue(operand);
        var type = LlvmApi.LLVMTypeOf(value);
        var falseValue = LlvmApi.LLVMConstInt(_t.I1, 0, 0);
        switch (name)
        {
            case "PopCount":
                return Resize(CallIntrinsic("llvm.ctpop", [type], type, [value]), operand.Type!, _t.I32);
            case "TrailingZeroCount":
                return Resize(CallIntrinsic("llvm.cttz", [type], type, [value, falseValue]), operand.Type!, _t.I32);
            case "LeadingZeroCount":
                return Resize(CallIntrinsic("llvm.ctlz", [type], type, [value, falseValue]), operand.Type!, _t.I32);
            case "RotateLeft" or "RotateRight":
            {
                var bits = LlvmApi.LLVMGetIntTypeWidth(type);
                var count = _b.And(Resize(Arg(invocation, 1), invocation.TargetMethod.Parameters[1].Type, type), _t.ConstInt(type, bits - 1));
                return CallIntrinsic(name == "RotateLeft" ? "llvm.fshl" : "llvm.fshr", [type], type, [value, value, count]);
            }
            default:
                throw Unsupported(invocation, $"BitOperations.{name}");
        }
    }

    private nint NewBlock(string name) => LlvmApi.LLVMAppendBasicBlockInContext(_m.Context.Handle, _function.Handle, name);

    /// <summary>A call of a kernel helper: <c>((ret (*)(args))id)(args)</c>, the form the BPF back end turns into <c>call id</c>.</summary>
    private unsafe nint CallHelper(BpfHelper helper, nint returnType, (nint Type, nint Value)[] arguments)
    {
        var types = arguments.Select(a => a.Type).ToArray();
        nint functionType;
        fixed (nint* p = types) functionType = LlvmApi.LLVMFunctionType(returnType, p, (uint)types.Length, 0);
        var callee = LlvmApi.LLVMConstIntToPtr(_t.ConstI64((long)helper), _t.Ptr);
        return _b.Call(functionType, callee, arguments.Select(a => a.Value).ToArray());
    }

    private unsafe nint CallIntrinsic(string name, nint[] overloads, nint returnType, nint[] arguments)
    {
        var id = (uint)LlvmApi.LLVMLookupIntrinsicID(name, (nuint)name.Length);
        nint declaration;
        fixed (nint* o = overloads) declaration = LlvmApi.LLVMGetIntrinsicDeclaration(_m.Module.Handle, id, o, (nuint)overloads.Length);
        var types = arguments.Select(LlvmApi.LLVMTypeOf).ToArray();
        nint functionType;
        fixed (nint* p = types) functionType = LlvmApi.LLVMFunctionType(returnType, p, (uint)types.Length, 0);
        return _b.Call(functionType, declaration, arguments);
    }

    /// <summary>
    /// <c>llvm.bpf.passthrough</c>: an identity LLVM's optimisers cannot see through (the BPF back end removes it), used
    /// to keep a checked value and its uses on one register.
    /// </summary>
    private nint Passthrough(nint value)
    {
        var type = LlvmApi.LLVMTypeOf(value);
        return CallIntrinsic("llvm.bpf.passthrough", [type, type], type, [_t.ConstI32(_m.NextPassthroughSequence()), value]);
    }
}
