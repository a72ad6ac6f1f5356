using BpfSharp.Compiler.Llvm;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.FlowAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace BpfSharp.Compiler.CodeGen;

/// <summary>
/// Lowers one C# method to its LLVM function from Roslyn's control-flow graph: one Roslyn basic block becomes one LLVM
/// block, locals and captures become allocas in an entry block (mem2reg turns them into SSA), and every instruction
/// carries the C# line it came from.
/// </summary>
internal sealed partial class FunctionLowering : IDisposable
{
    private readonly ModuleState _m;
    private readonly TypeLowering _t;
    private readonly IMethodSymbol _method;
    private readonly LoweredFunction _function;
    private readonly LlvmBuilder _b;
    private readonly LlvmBuilder _allocas;
    private readonly nint _scope;
    private readonly nint _allocaBlock;
    private readonly Dictionary<ILocalSymbol, nint> _locals = new(SymbolEqualityComparer.Default);
    private readonly Dictionary<IParameterSymbol, nint> _parameters = new(SymbolEqualityComparer.Default);
    private readonly Dictionary<CaptureId, (nint Slot, bool IsAddress)> _captures = [];
    private readonly HashSet<CaptureId> _capturesUsedAsReferences = [];
    private readonly Dictionary<CaptureId, nint> _capturedMaps = [];
    private readonly Dictionary<BasicBlock, nint> _blocks = [];
    private nint _this;
    private nint _resultPointer;

    private FunctionLowering(ModuleState m, IMethodSymbol method, LoweredFunction function, nint scope)
    {
        _m = m;
        _t = m.Types;
        _method = method;
        _function = function;
        _scope = scope;
        _b = new LlvmBuilder(m.Context);
        _allocas = new LlvmBuilder(m.Context);
        _allocaBlock = m.Context.AppendBlock(function.Handle, "entry");
        _allocas.PositionAtEnd(_allocaBlock);
    }

    /// <summary>Lowers the body of <paramref name="method"/> into <paramref name="function"/>.</summary>
    public static void Lower(ModuleState m, IMethodSymbol method, LoweredFunction function, nint subprogram)
    {
        var cfg = GraphOf(m, method);
        LlvmGlobal.SetSubprogram(function.Handle, subprogram);
        using var lowering = new FunctionLowering(m, method, function, subprogram);
        lowering.LowerGraph(cfg);
    }

    private static ControlFlowGraph GraphOf(ModuleState m, IMethodSymbol method)
    {
        var reference = method.DeclaringSyntaxReferences.FirstOrDefault();
        var location = method.Locations.FirstOrDefault();
        if (reference == null)
            throw new UnsupportedConstructException($"call to {method.ToDisplayString()}, which has no C# source in the program", location);
        var syntax = reference.GetSyntax();
        var semanticModel = m.Model.Compilation.GetSemanticModel(syntax.SyntaxTree);
        return syntax switch
        {
            MethodDeclarationSyntax { Body: null, ExpressionBody: null } =>
                throw new UnsupportedConstructException($"method {method.Name} without a body", location),
            MethodDeclarationSyntax or AccessorDeclarationSyntax or ArrowExpressionClauseSyntax or ConstructorDeclarationSyntax =>
                ControlFlowGraph.Create(syntax, semanticModel)
                ?? throw new UnsupportedConstructException($"the body of method {method.Name} (write it as a block or an expression body)", location),
            TypeDeclarationSyntax => throw new UnsupportedConstructException(
                $"the primary constructor of {method.ContainingType.Name} (declare the fields and a constructor in the struct's body)", location),
            _ => throw new UnsupportedConstructException($"{method.Name}, which is not declared as a method, accessor or constructor", location),
        };
    }

    private void LowerGraph(ControlFlowGraph cfg)
    {
        var location = _method.Locations.FirstOrDefault(l => l.IsInSource);
        if (location != null) _allocas.SetDebugLocation(_m.Debug.Location(location, _scope));
        BindParameters();
        DeclareLocals(cfg.Root);
        FindHeaderLocals(cfg);
        foreach (var block in cfg.Blocks)
        {
            foreach (var operation in block.Operations)
                FindCapturesUsedAsReferences(operation);
            if (block.BranchValue != null) FindCapturesUsedAsReferences(block.BranchValue);
            if (_method.ReturnsByRef && block.BranchValue is IFlowCaptureReferenceOperation returned)
                _capturesUsedAsReferences.Add(returned.Id);
        }
        foreach (var block in cfg.Blocks.Where(b => b.IsReachable))
            _blocks[block] = _m.Context.AppendBlock(_function.Handle, "bb" + block.Ordinal);
        foreach (var block in cfg.Blocks.Where(b => b.IsReachable))
            LowerBlock(block);
        _allocas.Br(_blocks[cfg.Blocks[0]]);
    }

    private void BindParameters()
    {
        var index = 0;
        if (_function.ReturnsThroughPointer) _resultPointer = LlvmValue.Param(_function.Handle, index++);
        if (!_method.IsStatic) _this = LlvmValue.Param(_function.Handle, index++);
        foreach (var parameter in _method.Parameters)
        {
            var value = LlvmValue.Param(_function.Handle, index++);
            var type = ByPointer(parameter) ? _t.Ptr : _t.Memory(parameter.Type);
            var slot = _allocas.Alloca(type);
            _allocas.Store(TypeLowering.IsBool(parameter.Type) && !ByPointer(parameter) ? _allocas.ZExt(value, _t.I8) : value, slot);
            _parameters[parameter.OriginalDefinition] = slot;
        }
    }

    private static bool ByPointer(IParameterSymbol parameter) => parameter.RefKind != RefKind.None || TypeLowering.IsStruct(parameter.Type);

    private void DeclareLocals(ControlFlowRegion region)
    {
        foreach (var local in region.Locals)
        {
            if (_locals.ContainsKey(local)) continue;
            _locals[local] = local.RefKind != RefKind.None ? _allocas.Alloca(_t.Ptr) : NewSlot(local.Type, zeroed: true);
        }
        foreach (var nested in region.NestedRegions) DeclareLocals(nested);
    }

    /// <summary>A stack slot in the entry block; structs are 8-aligned byte arrays, zeroed so padding never leaks into map keys.</summary>
    private nint NewSlot(ITypeSymbol type, bool zeroed)
    {
        if (!TypeLowering.IsStruct(type)) return _allocas.Alloca(_t.Memory(type));
        var layout = _t.Layouts.OfStruct(type);
        var slot = _allocas.Alloca(LlvmValue.ArrayType(_t.I8, (ulong)layout.Size));
        LlvmValue.SetAlignment(slot, 8);
        if (zeroed) _allocas.MemSet(slot, LlvmValue.ConstInt(_t.I8, 0), _t.ConstI64(layout.Size), 8);
        return slot;
    }

    /// <summary>
    /// Roslyn spills an operand into a capture when a later operand has control flow. A capture that is later written
    /// through (assigned, incremented, passed by ref, address taken) holds the address of what it captured; any other
    /// holds the value as it was when captured, as C#'s left-to-right evaluation requires.
    /// </summary>
    private void FindCapturesUsedAsReferences(IOperation operation)
    {
        foreach (var descendant in operation.DescendantsAndSelf())
        {
            if (descendant is not IFlowCaptureReferenceOperation reference) continue;
            var usedAsReference = descendant.Parent switch
            {
                ISimpleAssignmentOperation assignment => assignment.Target == descendant || (assignment.IsRef && assignment.Value == descendant),
                ICompoundAssignmentOperation compound => compound.Target == descendant,
                IIncrementOrDecrementOperation increment => increment.Target == descendant,
                IAddressOfOperation => true,
                IArgumentOperation { Parameter.RefKind: not RefKind.None } => true,
                IFieldReferenceOperation field => field.Instance == descendant,
                IInvocationOperation invocation => invocation.Instance == descendant,
                IPropertyReferenceOperation property => property.Instance == descendant,
                _ => false,
            };
            if (usedAsReference) _capturesUsedAsReferences.Add(reference.Id);
        }
    }

    private void LowerBlock(BasicBlock block)
    {
        _b.PositionAtEnd(_blocks[block]);
        if (block.Kind == BasicBlockKind.Exit)
        {
            if (_method.ReturnsVoid || _function.ReturnsThroughPointer) _b.RetVoid();
            else _b.Unreachable();
            return;
        }
        foreach (var operation in block.Operations)
        {
            At(operation);
            EmitStatement(operation);
        }
        if (block.BranchValue != null) At(block.BranchValue);
        EmitBranch(block);
    }

    private void At(IOperation operation) =>
        _b.SetDebugLocation(_m.Debug.Location(operation.Syntax.GetLocation(), _scope));

    private void EmitStatement(IOperation operation)
    {
        switch (operation)
        {
            case IExpressionStatementOperation statement:
                EmitValue(statement.Operation);
                break;
            case IFlowCaptureOperation capture:
                EmitCapture(capture);
                break;
            default:
                EmitValue(operation);
                break;
        }
    }

    private void EmitBranch(BasicBlock block)
    {
        if (block.ConditionKind == ControlFlowConditionKind.None)
        {
            if (IsUnmatchedArmOfExhaustiveSwitch(block))
            {
                _b.Unreachable();
                return;
            }
            var next = block.FallThroughSuccessor
                ?? throw Unsupported(block.BranchValue, "a block without successor");
            CheckSemantics(next, block);
            if (next.Destination!.Kind == BasicBlockKind.Exit && block.BranchValue != null)
            {
                EmitReturn(block.BranchValue);
                return;
            }
            if (block.BranchValue != null) EmitValue(block.BranchValue);
            _b.Br(_blocks[next.Destination]);
            return;
        }
        var condition = EmitValue(block.BranchValue!);
        var conditional = block.ConditionalSuccessor!;
        var fallThrough = block.FallThroughSuccessor!;
        CheckSemantics(conditional, block);
        CheckSemantics(fallThrough, block);
        var taken = _blocks[conditional.Destination!];
        var notTaken = _blocks[fallThrough.Destination!];
        if (block.ConditionKind == ControlFlowConditionKind.WhenTrue) _b.CondBr(condition, taken, notTaken);
        else _b.CondBr(condition, notTaken, taken);
    }

    /// <summary>
    /// Roslyn ends every switch expression with a block that throws when no arm matches. When the C# compiler proves
    /// the arms exhaustive (no CS8509 or CS8524 warning), that block cannot run and becomes LLVM <c>unreachable</c>.
    /// </summary>
    private bool IsUnmatchedArmOfExhaustiveSwitch(BasicBlock block)
    {
        if (block.FallThroughSuccessor?.Semantics != ControlFlowBranchSemantics.Throw || block.BranchValue is not { IsImplicit: true } thrown)
            return false;
        var switchSyntax = thrown.Syntax.AncestorsAndSelf().OfType<SwitchExpressionSyntax>().FirstOrDefault();
        if (switchSyntax == null) return false;
        var semanticModel = _m.Model.Compilation.GetSemanticModel(switchSyntax.SyntaxTree);
        return !semanticModel.GetDiagnostics(switchSyntax.Span).Any(d => d.Id is "CS8509" or "CS8524");
    }

    private void CheckSemantics(ControlFlowBranch branch, BasicBlock from)
    {
        switch (branch.Semantics)
        {
            case ControlFlowBranchSemantics.Regular or ControlFlowBranchSemantics.Return:
                return;
            case ControlFlowBranchSemantics.Throw when from.BranchValue is { IsImplicit: true }:
                throw Unsupported(from.BranchValue, "a switch expression that is not exhaustive (BPF cannot throw; add a discard arm `_ =>`)");
            case ControlFlowBranchSemantics.Throw or ControlFlowBranchSemantics.Rethrow:
                throw Unsupported(from.BranchValue, "throwing an exception (return a verdict or an error code)");
            default:
                throw Unsupported(from.BranchValue, "try/finally, using and lock blocks (a BPF program has nothing to dispose or lock; write the cleanup on each path)");
        }
    }

    private void EmitReturn(IOperation value)
    {
        if (_method.ReturnsByRef)
        {
            _b.Ret(EmitAddress(value));
        }
        else if (_function.ReturnsThroughPointer)
        {
            CopyStruct(_resultPointer, EmitValue(value), _method.ReturnType, BaseAlignment, PlacementAlignment(value));
            _b.RetVoid();
        }
        else
        {
            _b.Ret(EmitValue(value));
        }
    }

    private void EmitCapture(IFlowCaptureOperation capture)
    {
        if (capture.Value is IFieldReferenceOperation { Field.IsStatic: true } field && _m.Maps.TryGetValue(field.Field.OriginalDefinition, out var map))
        {
            _capturedMaps[capture.Id] = map;
            return;
        }
        var type = capture.Value.Type ?? throw Unsupported(capture.Value, "a value without a type");
        var byAddress = TypeLowering.IsStruct(type) || (_capturesUsedAsReferences.Contains(capture.Id) && IsReference(capture.Value));
        if (!_captures.TryGetValue(capture.Id, out var slot))
        {
            slot = (_allocas.Alloca(byAddress ? _t.Ptr : _t.Scalar(type)), byAddress);
            _captures[capture.Id] = slot;
        }
        nint value;
        if (!slot.IsAddress) value = EmitValue(capture.Value);
        else if (!TypeLowering.IsStruct(type)) value = EmitAddress(capture.Value);
        else if (_capturesUsedAsReferences.Contains(capture.Id)) value = EmitValue(capture.Value);
        else
        {
            // A struct read, not written through: copy it now, as C# evaluates it now.
            value = NewSlot(type, zeroed: false);
            CopyStruct(value, EmitValue(capture.Value), type, BaseAlignment, PlacementAlignment(capture.Value));
        }
        _b.Store(value, slot.Slot);
    }

    private UnsupportedConstructException Unsupported(IOperation? operation, string what) =>
        new(what, operation?.Syntax.GetLocation() ?? _method.Locations.FirstOrDefault());

    public void Dispose()
    {
        _b.Dispose();
        _allocas.Dispose();
    }
}
