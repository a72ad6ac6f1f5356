using BpfSharp.Compiler.Llvm;
using BpfSharp.Compiler.Surface;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace BpfSharp.Compiler.CodeGen;

/// <summary>
/// The program contexts: their fields as loads of <c>struct xdp_md</c> and <c>struct __sk_buff</c>, bounds-checked
/// headers, and the packet helpers (load and store bytes, adjust head and tail, redirects).
/// </summary>
internal sealed partial class FunctionLowering
{
    internal const int XdpData = 0;
    private const int XdpDataEnd = 4, XdpIngressIfindex = 12, XdpRxQueueIndex = 16;
    internal const int SkbData = 76;
    private const int SkbLen = 0, SkbMark = 8, SkbIfindex = 40, SkbDataEnd = 80;
    private const long MaxPacketOffset = 0xffff;

    /// <summary>A context field read as a property, or null when <paramref name="intrinsic"/> is not one.</summary>
    private nint? ContextProperty(Intrinsic intrinsic, nint ctx) => intrinsic switch
    {
        Intrinsic.XdpData => PacketPointer(ctx, XdpData),
        Intrinsic.XdpDataEnd => PacketPointer(ctx, XdpDataEnd),
        Intrinsic.XdpIngressIfindex => ContextField(ctx, XdpIngressIfindex),
        Intrinsic.XdpRxQueueIndex => ContextField(ctx, XdpRxQueueIndex),
        Intrinsic.SkbData => PacketPointer(ctx, SkbData),
        Intrinsic.SkbDataEnd => PacketPointer(ctx, SkbDataEnd),
        Intrinsic.SkbLength => ContextField(ctx, SkbLen),
        Intrinsic.SkbMark => ContextField(ctx, SkbMark),
        Intrinsic.SkbIfindex => ContextField(ctx, SkbIfindex),
        _ => null,
    };

    private nint ContextField(nint ctx, int offset)
    {
        var load = _b.Load(_t.I32, offset == 0 ? ctx : _b.Gep(_t.I8, ctx, _t.ConstI64(offset)));
        LlvmValue.SetAlignment(load, 4);
        return load;
    }

    /// <summary><c>(void *)(long)ctx->data</c>: a 32-bit context load the verifier rewrites into a packet pointer.</summary>
    private nint PacketPointer(nint ctx, int offset) => _b.IntToPtr(_b.ZExt(ContextField(ctx, offset), _t.I64), _t.Ptr);

    private nint ContextMethod(IInvocationOperation invocation, Intrinsic intrinsic)
    {
        var method = invocation.TargetMethod;
        var xdp = RuntimeSurface.IsXdpContext(method.ContainingType);
        var ctx = EmitValue(invocation.Instance!);
        switch (intrinsic)
        {
            case Intrinsic.Header:
                return Header(ctx, xdp, Arg(invocation, 0), _t.Layouts.SizeOf(method.TypeArguments[0]));
            case Intrinsic.LoadBytes or Intrinsic.StoreBytes:
            {
                var offset = Widen(invocation, 0);
                var buffer = Arg(invocation, 1);
                var length = Arg(invocation, 2);
                var capacity = _t.Layouts.SizeOf(method.TypeArguments[0]);
                var helper = (xdp, intrinsic) switch
                {
                    (true, Intrinsic.LoadBytes) => BpfHelper.XdpLoadBytes,
                    (true, _) => BpfHelper.XdpStoreBytes,
                    (false, Intrinsic.LoadBytes) => BpfHelper.SkbLoadBytes,
                    _ => BpfHelper.SkbStoreBytes,
                };
                return BoundedLengthCall(ctx, helper, offset, buffer, length, capacity);
            }
            case Intrinsic.AdjustHead or Intrinsic.AdjustTail:
            {
                var delta = Widen(invocation, 0);
                var helper = intrinsic == Intrinsic.AdjustHead ? BpfHelper.XdpAdjustHead : BpfHelper.XdpAdjustTail;
                return _b.Trunc(CallHelper(helper, _t.I64, [(_t.Ptr, ctx), (_t.I64, delta)]), _t.I32);
            }
            case Intrinsic.Redirect:
                return _b.Trunc(CallHelper(BpfHelper.Redirect, _t.I64, [(_t.I64, Widen(invocation, 0)), (_t.I64, _t.ConstI64(0))]), _t.I32);
            default:
            {
                var ifindex = Widen(invocation, 0);
                var ingress = Widen(invocation, 1);
                return _b.Trunc(CallHelper(BpfHelper.CloneRedirect, _t.I64, [(_t.Ptr, ctx), (_t.I64, ifindex), (_t.I64, ingress)]), _t.I32);
            }
        }
    }

    /// <summary>
    /// <c>Header&lt;T&gt;(offset)</c>: <c>p = data + offset; p + sizeof(T) &gt; data_end ? null : p</c>.
    /// </summary>
    private nint Header(nint ctx, bool xdp, nint offset32, int size)
    {
        var (pointer, outside) = HeaderParts(ctx, xdp, offset32, size);
        return LlvmValue.ConstantValue(offset32) is not null ? _b.Select(outside, _t.Null, pointer) : pointer;
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
        if (LlvmValue.ConstantValue(offset32) is { } constantOffset)
            return ConstantOffsetHeaderParts(data, end, constantOffset, size);
        // The range test is on a value LLVM cannot see into. Otherwise LLVM rewrites it with what it knows of the offset
        // (for a 16-bit length plus a constant, into "length == 0xffde" on the byte-swapped field), a test the verifier
        // cannot decide, so it walks the rest of the program once more for that case; it decides the test as written.
        var offset = Passthrough(_b.ZExt(offset32, _t.I64));
        var bounded = Passthrough(_b.And(offset, _t.ConstI64(MaxPacketOffset)));
        var result = NewSlot(_m.Model.Compilation.CreatePointerTypeSymbol(_m.Model.Compilation.GetSpecialType(SpecialType.System_Byte)), zeroed: false);
        var outside = _allocas.Alloca(_t.I1);
        _b.Store(_t.Null, result);
        _b.Store(_t.True, outside);
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
        _b.Store(_t.False, outside);
        _b.Br(done);
        _b.PositionAtEnd(done);
        return (_b.Load(_t.Ptr, result), _b.Load(_t.I1, outside));
    }

    /// <summary>A header at a constant offset: the plain <c>data + k + size &gt; data_end</c> check C programs use.</summary>
    private (nint Pointer, nint Outside) ConstantOffsetHeaderParts(nint data, nint end, ulong offset, int size)
    {
        if (offset > MaxPacketOffset) return (_t.Null, _t.True);
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
}
