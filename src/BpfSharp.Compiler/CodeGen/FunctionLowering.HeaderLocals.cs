using BpfSharp.Compiler.Llvm;
using BpfSharp.Compiler.Surface;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.FlowAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace BpfSharp.Compiler.CodeGen;

/// <summary>
/// A pointer local written only by <c>ctx.Header&lt;T&gt;(offset)</c> keeps the header's pointer and its "outside the
/// packet" bounds comparison in two slots instead of one null-or-pointer value. A null test of the local is then that
/// very comparison, so the bounds check branches straight to where the null test goes; every other read is
/// <c>outside ? null : pointer</c> at the read, which LLVM folds to the pointer below the failed null test. Without
/// this the verifier reaches the code after the test along paths where the local is 0 and paths where it is a packet
/// pointer, and cannot prune one with the other. Assumes what the kernel guarantees: the packet pointer is never 0.
/// </summary>
internal sealed partial class FunctionLowering
{
    private readonly Dictionary<ILocalSymbol, nint> _headerOutside = new(SymbolEqualityComparer.Default);

    /// <summary>Finds the pointer locals whose every write is a constant-offset header and which are only read as values.</summary>
    private void FindHeaderLocals(ControlFlowGraph cfg)
    {
        var writtenByHeader = new HashSet<ILocalSymbol>(SymbolEqualityComparer.Default);
        var disqualified = new HashSet<ILocalSymbol>(SymbolEqualityComparer.Default);
        foreach (var block in cfg.Blocks)
        {
            var roots = block.BranchValue == null ? block.Operations : block.Operations.Append(block.BranchValue);
            foreach (var reference in roots.SelectMany(root => root.DescendantsAndSelf()).OfType<ILocalReferenceOperation>())
            {
                var local = reference.Local;
                if (local.RefKind != RefKind.None || !TypeLowering.IsPointer(local.Type))
                {
                    disqualified.Add(local);
                    continue;
                }
                switch (reference.Parent)
                {
                    case ISimpleAssignmentOperation assignment when assignment.Target == reference:
                        if (!assignment.IsRef && IsHeader(assignment.Value)) writtenByHeader.Add(local);
                        else disqualified.Add(local);
                        break;
                    case ISimpleAssignmentOperation { IsRef: true }:
                    case ICompoundAssignmentOperation:
                    case IIncrementOrDecrementOperation:
                    case IAddressOfOperation:
                    case IArgumentOperation { Parameter.RefKind: not RefKind.None }:
                    case IDeconstructionAssignmentOperation:
                        disqualified.Add(local);
                        break;
                }
            }
        }
        foreach (var local in writtenByHeader.Except(disqualified, SymbolEqualityComparer.Default).Cast<ILocalSymbol>())
        {
            var outside = _allocas.Alloca(_t.I1);
            _allocas.Store(_t.True, outside);
            _headerOutside[local] = outside;
        }
    }

    private static bool IsHeader(IOperation value) =>
        value is IInvocationOperation { TargetMethod.Name: "Header", Instance.Type: { } context } && RuntimeSurface.IsContext(context);

    private (nint Pointer, nint Outside) EmitHeaderParts(IInvocationOperation invocation)
    {
        var xdp = RuntimeSurface.IsXdpContext(invocation.TargetMethod.ContainingType);
        var ctx = EmitValue(invocation.Instance!);
        return HeaderParts(ctx, xdp, Arg(invocation, 0), _t.Layouts.SizeOf(invocation.TargetMethod.TypeArguments[0]));
    }

    private bool IsHeaderLocal(IOperation operation, out ILocalSymbol local)
    {
        local = null!;
        if (operation is not ILocalReferenceOperation reference || !_headerOutside.ContainsKey(reference.Local)) return false;
        local = reference.Local;
        return true;
    }

    /// <summary>Stores a header's pointer and its bounds comparison into a header local; the value is null-or-pointer.</summary>
    private bool TryEmitHeaderAssignment(ISimpleAssignmentOperation assignment, out nint value)
    {
        value = 0;
        if (!IsHeaderLocal(assignment.Target, out var local)) return false;
        var (pointer, outside) = EmitHeaderParts((IInvocationOperation)assignment.Value);
        _b.Store(pointer, _locals[local]);
        _b.Store(outside, _headerOutside[local]);
        value = _b.Select(outside, _t.Null, pointer);
        return true;
    }

    private bool TryEmitHeaderLocalRead(IOperation operation, out nint value)
    {
        value = 0;
        if (!IsHeaderLocal(operation, out var local)) return false;
        value = _b.Select(_b.Load(_t.I1, _headerOutside[local]), _t.Null, _b.Load(_t.Ptr, _locals[local]));
        return true;
    }

    /// <summary><c>local == null</c> or <c>local != null</c> of a header local: its bounds comparison, or its negation.</summary>
    private bool TryEmitHeaderNullTest(IBinaryOperation binary, out nint value)
    {
        value = 0;
        if (binary.OperatorKind is not (BinaryOperatorKind.Equals or BinaryOperatorKind.NotEquals)) return false;
        var (candidate, other) = IsNullConstant(binary.RightOperand)
            ? (binary.LeftOperand, binary.RightOperand)
            : (binary.RightOperand, binary.LeftOperand);
        if (!IsNullConstant(other)) return false;
        nint outside;
        if (IsHeaderLocal(Unconverted(candidate), out var local)) outside = _b.Load(_t.I1, _headerOutside[local]);
        else if (Unconverted(candidate) is IInvocationOperation invocation && IsHeader(invocation)) outside = EmitHeaderParts(invocation).Outside;
        else return false;
        value = binary.OperatorKind == BinaryOperatorKind.Equals ? outside : _b.Xor(outside, _t.True);
        return true;
    }

    private static bool IsNullConstant(IOperation operation) =>
        Unconverted(operation) is { ConstantValue: { HasValue: true, Value: null } } or ILiteralOperation { ConstantValue: { HasValue: true, Value: null } };

    /// <summary>The operand under implicit pointer conversions (null to <c>T*</c>, <c>T*</c> to <c>void*</c>), which change no bits.</summary>
    private static IOperation Unconverted(IOperation operation) =>
        operation is IConversionOperation { Type: { } to, Operand: var operand } && TypeLowering.IsPointer(to)
            && (operand.Type == null || TypeLowering.IsPointer(operand.Type))
            ? Unconverted(operand)
            : operation;
}
