using BpfSharp.Compiler.Llvm;
using BpfSharp.Compiler.Surface;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.FlowAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace BpfSharp.Compiler.CodeGen;

internal sealed partial class FunctionLowering
{
    /// <summary>
    /// The value of an expression: an SSA value for scalars, the address of its bytes for structs, 0 for void calls.
    /// </summary>
    private nint EmitValue(IOperation operation)
    {
        if (operation.ConstantValue.HasValue && operation.Type != null)
            return Constant(operation, operation.Type, operation.ConstantValue.Value);
        if (TryEmitHeaderLocalRead(operation, out var headerLocal)) return headerLocal;
        switch (operation)
        {
            case IConversionOperation conversion:
                return EmitConversion(conversion);
            case IBinaryOperation binary:
                return EmitBinary(binary);
            case IUnaryOperation unary:
                return EmitUnary(unary);
            case ISimpleAssignmentOperation assignment:
                return EmitAssignment(assignment);
            case IDeconstructionAssignmentOperation deconstruction:
                return EmitDeconstruction(deconstruction);
            case ICompoundAssignmentOperation compound:
                return EmitCompoundAssignment(compound);
            case IIncrementOrDecrementOperation increment:
                return EmitIncrement(increment);
            case IInvocationOperation { TargetMethod.ReturnsByRef: true, Type: { } type } byRef when !TypeLowering.IsStruct(type):
                return LoadScalar(EmitInvocation(byRef), type, AlignmentOfType(type), isVolatile: false);
            case IInvocationOperation invocation:
                return EmitInvocation(invocation);
            case IPropertyReferenceOperation property:
                return EmitPropertyGet(property);
            case IDeclarationExpressionOperation declaration:
                return EmitValue(declaration.Expression);
            case IAddressOfOperation addressOf:
                return EmitAddress(addressOf.Reference);
            case ISizeOfOperation sizeOf:
                return _t.ConstI32(_t.Layouts.SizeOf(sizeOf.TypeOperand));
            case IDefaultValueOperation defaultValue:
                return Zero(defaultValue, defaultValue.Type!);
            case IObjectCreationOperation creation:
                return EmitObjectCreation(creation);
            case IIsPatternOperation isPattern:
                return EmitPattern(isPattern.Pattern, EmitValue(isPattern.Value), isPattern.Value.Type!);
            case IFieldReferenceOperation { Field.IsFixedSizeBuffer: true } fixedBuffer:
                return EmitAddress(fixedBuffer);
            case IFieldReferenceOperation { Field.IsStatic: true } field when _m.Globals.TryGetValue(field.Field.OriginalDefinition, out var global):
                return LoadGlobal(global.Global, global.ReadOnly, field.Field.Type);
            case IFlowCaptureReferenceOperation capture when !_captures[capture.Id].IsAddress:
                return _b.Load(_t.Scalar(capture.Type!), _captures[capture.Id].Slot);
            case ILocalReferenceOperation or IParameterReferenceOperation or IFieldReferenceOperation or IInstanceReferenceOperation
                or IFlowCaptureReferenceOperation:
                return LoadFrom(operation);
            case { Kind: OperationKind.None, Syntax: StackAllocArrayCreationExpressionSyntax stackAlloc }:
                return EmitStackAlloc(operation, stackAlloc);
            case { Kind: OperationKind.None }:
                return LoadFrom(operation);
            case IUtf8StringOperation utf8:
                return ByteString(utf8.Value);
            default:
                throw Unsupported(operation, DescribeUnsupported(operation));
        }
    }

    /// <summary>
    /// <c>T* p = stackalloc T[n]</c> with a constant n: a zeroed stack slot in the entry block (C# zero-initialises it,
    /// and the verifier refuses reads of uninitialised stack), re-zeroed each time the expression runs.
    /// </summary>
    private nint EmitStackAlloc(IOperation operation, StackAllocArrayCreationExpressionSyntax syntax)
    {
        var semanticModel = _m.Model.Compilation.GetSemanticModel(syntax.SyntaxTree);
        if (semanticModel.GetTypeInfo(syntax).ConvertedType is not IPointerTypeSymbol pointer)
            throw Unsupported(operation, "stackalloc into a Span (assign it to a pointer)");
        if (syntax.Initializer != null)
            throw Unsupported(operation, "stackalloc with an initializer");
        var count = operation.ChildOperations.FirstOrDefault();
        if (count?.ConstantValue is not { HasValue: true, Value: { } value } || System.Convert.ToInt64(value) is var elements && elements <= 0)
            throw Unsupported(operation, "stackalloc of a length that is not a positive constant");
        var bytes = elements * _t.Layouts.SizeOf(pointer.PointedAtType);
        var slot = _allocas.Alloca(LlvmValue.ArrayType(_t.I8, (ulong)bytes));
        LlvmValue.SetAlignment(slot, BaseAlignment);
        _b.MemSet(slot, LlvmValue.ConstInt(_t.I8, 0), _t.ConstI64(bytes), BaseAlignment);
        return slot;
    }

    private static string DescribeUnsupported(IOperation operation) => CSharpConstructs.Describe(operation);

    /// <summary>The memory a reference expression denotes.</summary>
    private nint EmitAddress(IOperation operation)
    {
        switch (operation)
        {
            case ILocalReferenceOperation local:
            {
                if (!_locals.TryGetValue(local.Local, out var slot))
                    throw Unsupported(operation, $"local {local.Local.Name} outside the method's regions");
                return local.Local.RefKind != RefKind.None ? _b.Load(_t.Ptr, slot) : slot;
            }
            case IParameterReferenceOperation parameter:
            {
                var slot = _parameters[parameter.Parameter.OriginalDefinition];
                return ByPointer(parameter.Parameter) ? _b.Load(_t.Ptr, slot) : slot;
            }
            case IInstanceReferenceOperation when IsPatternInput(operation):
                return PatternInput(operation);
            case IInstanceReferenceOperation:
                return _this != 0 ? _this : throw Unsupported(operation, "`this` in a static method");
            case IDeclarationExpressionOperation declaration:
                return EmitAddress(declaration.Expression);
            case IFieldReferenceOperation field:
                return FieldAddress(field);
            case IFlowCaptureReferenceOperation capture:
            {
                var slot = _captures[capture.Id];
                return slot.IsAddress ? _b.Load(_t.Ptr, slot.Slot) : slot.Slot;
            }
            case IInvocationOperation { TargetMethod.ReturnsByRef: true } invocation:
                return EmitInvocation(invocation);
            case IPropertyReferenceOperation { Property.GetMethod: { ReturnsByRef: true } getter } property
                when !RuntimeSurface.IsByteSpan(property.Property.ContainingType):
                return EmitCall(property, getter, property.Instance, property.Arguments);
            case { Kind: OperationKind.None }:
                return PointerTarget(operation);
            default:
            {
                if (operation.Type is { } type && TypeLowering.IsStruct(type)) return EmitValue(operation);
                var temporary = NewSlot(operation.Type ?? throw Unsupported(operation, "a value without a type"), zeroed: false);
                StoreTo(temporary, EmitValue(operation), operation.Type, AlignmentOfType(operation.Type));
                return temporary;
            }
        }
    }

    private nint FieldAddress(IFieldReferenceOperation field)
    {
        var symbol = field.Field;
        if (symbol.IsStatic)
        {
            if (_m.Globals.TryGetValue(symbol.OriginalDefinition, out var global)) return global.Global;
            throw Unsupported(field, $"static field {symbol.Name} that is neither a [Map] nor configuration");
        }
        if (field.Instance == null) throw Unsupported(field, $"field {symbol.Name} without an instance");
        var container = symbol.ContainingType;
        if (container.TypeKind != TypeKind.Struct) throw Unsupported(field, $"field {symbol.Name} of the class {container.Name}");
        var offset = _t.Layouts.Of(container).OffsetOf(symbol);
        var baseAddress = EmitAddress(field.Instance);
        return offset == 0 ? baseAddress : _b.Gep(_t.I8, baseAddress, _t.ConstI64(offset));
    }

    /// <summary>
    /// Pointer indirection (<c>*p</c>, <c>p->f</c>) and pointer element access (<c>p[i]</c>), which Roslyn exposes as
    /// operations of kind None whose children are the pointer and the index.
    /// </summary>
    private nint PointerTarget(IOperation operation)
    {
        var children = operation.ChildOperations.ToList();
        if (children is [{ Type: IPointerTypeSymbol }] )
            return EmitValue(children[0]);
        if (children is [{ Type: IPointerTypeSymbol pointer }, var index] && TypeLowering.IsInteger(index.Type!))
            return OffsetPointer(EmitValue(children[0]), pointer, EmitValue(index), index.Type!, negate: false);
        throw Unsupported(operation, $"the expression {operation.Syntax}");
    }

    private ITypeSymbol TypeOfReference(IOperation operation)
    {
        if (operation.Type != null) return operation.Type;
        var children = operation.ChildOperations.ToList();
        if (children is [{ Type: IPointerTypeSymbol p }, ..]) return p.PointedAtType;
        throw Unsupported(operation, $"the expression {operation.Syntax}");
    }

    private nint LoadFrom(IOperation reference)
    {
        var type = TypeOfReference(reference);
        var address = EmitAddress(reference);
        if (TypeLowering.IsStruct(type)) return address;
        return LoadScalar(address, type, AccessAlignment(reference, type), isVolatile: false);
    }

    private nint LoadScalar(nint address, ITypeSymbol type, uint alignment, bool isVolatile)
    {
        var load = _b.Load(_t.Memory(type), address);
        LlvmValue.SetAlignment(load, alignment);
        if (isVolatile) LlvmValue.SetVolatile(load);
        return TypeLowering.IsBool(type) ? _b.ICmp(IntPredicate.Ne, load, LlvmValue.ConstInt(_t.I8, 0)) : load;
    }

    /// <summary>
    /// Reads of <c>.rodata</c> configuration are volatile, as clang's <c>const volatile</c>, so LLVM does not fold the
    /// initial value and the loader can still change it before load.
    /// </summary>
    private nint LoadGlobal(nint global, bool readOnly, ITypeSymbol type) =>
        LoadScalar(global, type, AlignmentOfType(type), isVolatile: readOnly);

    private void StoreTo(nint address, nint value, ITypeSymbol type, uint alignment, uint sourceAlignment = BaseAlignment)
    {
        if (TypeLowering.IsStruct(type))
        {
            CopyStruct(address, value, type, alignment, sourceAlignment);
            return;
        }
        var stored = TypeLowering.IsBool(type) ? _b.ZExt(value, _t.I8) : value;
        var store = _b.Store(stored, address);
        LlvmValue.SetAlignment(store, alignment);
    }

    private void CopyStruct(nint destination, nint source, ITypeSymbol type, uint destinationAlignment = BaseAlignment, uint sourceAlignment = BaseAlignment)
    {
        var layout = _t.Layouts.OfStruct(type);
        _b.MemCpy(destination, destinationAlignment, source, sourceAlignment, _t.ConstI64(layout.Size));
    }

    private uint AlignmentOfType(ITypeSymbol type) => (uint)_t.Layouts.AlignmentOf(type);

    /// <summary>
    /// The alignment LLVM may assume for an access. Struct bases (stack slots, map values) are 8-aligned, so a field
    /// is aligned to the largest power of two dividing its offset from the base, capped by its natural alignment:
    /// packed fields at odd offsets become narrower accesses instead of misaligned stack accesses the verifier
    /// refuses, while naturally placed fields of packed headers keep full-width loads. A pointer dereference is taken
    /// as such a base too: right for map values; a pointer into the middle of a stack struct that breaks it is refused
    /// by the verifier ("misaligned stack access"), never miscompiled. Accesses proven to reach the packet are widened
    /// back to natural alignment after optimisation (<see cref="PacketAccessAlignment"/>).
    /// </summary>
    private uint AccessAlignment(IOperation reference, ITypeSymbol type)
    {
        var natural = AlignmentOfType(type);
        return TypeLowering.IsStruct(type) ? PlacementAlignment(reference) : Math.Min(natural, PlacementAlignment(reference));
    }

    private const uint BaseAlignment = 8;

    /// <summary>The alignment a reference's address has, from its offset within an 8-aligned base.</summary>
    private uint PlacementAlignment(IOperation reference)
    {
        var offset = 0;
        while (reference is IFieldReferenceOperation { Field.IsStatic: false, Instance: { } instance } field)
        {
            offset += _t.Layouts.Of(field.Field.ContainingType).OffsetOf(field.Field);
            reference = instance;
        }
        return offset == 0 ? BaseAlignment : Math.Min((uint)(offset & -offset), BaseAlignment);
    }

    private nint Constant(IOperation operation, ITypeSymbol type, object? value)
    {
        if (value == null) return LlvmValue.ConstNull(_t.Scalar(type));
        if (TypeLowering.IsBool(type)) return LlvmValue.ConstInt(_t.I1, (bool)value ? 1UL : 0UL);
        if (!TypeLowering.IsInteger(type) && !TypeLowering.IsPointer(type))
            throw Unsupported(operation, $"constants of type {type.ToDisplayString()}");
        var bits = value switch
        {
            char c => c,
            ulong u => unchecked((long)u),
            bool b => b ? 1 : 0,
            _ => System.Convert.ToInt64(value),
        };
        return _t.ConstInt(_t.Scalar(type), bits);
    }

    private nint Zero(IOperation operation, ITypeSymbol type)
    {
        if (!TypeLowering.IsStruct(type)) return LlvmValue.ConstNull(_t.Scalar(type));
        var temporary = NewSlot(type, zeroed: false);
        var layout = _t.Layouts.OfStruct(type);
        _b.MemSet(temporary, LlvmValue.ConstInt(_t.I8, 0), _t.ConstI64(layout.Size), 8);
        return temporary;
    }

    private static bool IsReference(IOperation operation) => operation switch
    {
        { ConstantValue.HasValue: true } => false,
        ILocalReferenceOperation or IParameterReferenceOperation or IInstanceReferenceOperation => true,
        IFieldReferenceOperation { Field.IsFixedSizeBuffer: false } => true,
        IInvocationOperation { TargetMethod.ReturnsByRef: true } => true,
        { Kind: OperationKind.None } => true,
        _ => false,
    };

    private nint EmitAssignment(ISimpleAssignmentOperation assignment)
    {
        if (assignment.IsRef)
        {
            var address = EmitAddress(assignment.Value);
            var slot = assignment.Target switch
            {
                ILocalReferenceOperation local => _locals[local.Local],
                _ => throw Unsupported(assignment, "ref reassignment of anything but a ref local"),
            };
            _b.Store(address, slot);
            return address;
        }
        if (TryEmitHeaderAssignment(assignment, out var header)) return header;
        if (assignment.Target is IPropertyReferenceOperation { Property.ReturnsByRef: false } property)
            return EmitPropertySet(property, assignment.Value);
        var type = TypeOfReference(assignment.Target);
        var target = EmitAddress(assignment.Target);
        var value = EmitValue(assignment.Value);
        StoreTo(target, value, type, AccessAlignment(assignment.Target, type), PlacementAlignment(assignment.Value));
        return value;
    }

    private nint EmitCompoundAssignment(ICompoundAssignmentOperation compound)
    {
        if (IsUserDefined(compound.OperatorMethod)) throw Unsupported(compound, "user-defined operators");
        var targetType = TypeOfReference(compound.Target);
        var address = EmitAddress(compound.Target);
        var alignment = AccessAlignment(compound.Target, targetType);
        var current = LoadScalar(address, targetType, alignment, isVolatile: false);
        if (targetType is IPointerTypeSymbol pointer && compound.OperatorKind is BinaryOperatorKind.Add or BinaryOperatorKind.Subtract)
        {
            var moved = OffsetPointer(current, pointer, EmitValue(compound.Value), compound.Value.Type!,
                negate: compound.OperatorKind == BinaryOperatorKind.Subtract);
            StoreTo(address, moved, targetType, alignment);
            return moved;
        }
        var isShift = compound.OperatorKind is BinaryOperatorKind.LeftShift or BinaryOperatorKind.RightShift or BinaryOperatorKind.UnsignedRightShift;
        var operatorType = compound.InConversion.IsIdentity || !compound.InConversion.Exists
            ? targetType
            : isShift ? Promoted(targetType) : compound.Value.Type!;
        var left = Convert(compound, current, targetType, operatorType);
        var result = Arithmetic(compound, compound.OperatorKind, compound.IsChecked, left, operatorType, compound.Value, operatorType);
        var stored = Convert(compound, result, operatorType, targetType);
        StoreTo(address, stored, targetType, alignment);
        return stored;
    }

    private ITypeSymbol Promoted(ITypeSymbol type) =>
        _t.Layouts.SizeOf(TypeLowering.Underlying(type)) < 4 ? _m.Model.Compilation.GetSpecialType(SpecialType.System_Int32) : type;

    private nint EmitIncrement(IIncrementOrDecrementOperation increment)
    {
        if (increment.IsChecked) throw Unsupported(increment, "checked arithmetic (BPF cannot raise OverflowException)");
        if (IsUserDefined(increment.OperatorMethod)) throw Unsupported(increment, "user-defined operators");
        var type = TypeOfReference(increment.Target);
        var address = EmitAddress(increment.Target);
        var alignment = AccessAlignment(increment.Target, type);
        var current = LoadScalar(address, type, alignment, isVolatile: false);
        var decrement = increment.Kind == OperationKind.Decrement;
        nint updated;
        if (type is IPointerTypeSymbol pointer)
        {
            updated = OffsetPointer(current, pointer, _t.ConstI64(1), _m.Model.Compilation.GetSpecialType(SpecialType.System_Int64), decrement);
        }
        else
        {
            var one = _t.ConstInt(_t.Scalar(type), 1);
            updated = decrement ? _b.Sub(current, one) : _b.Add(current, one);
        }
        StoreTo(address, updated, type, alignment);
        return increment.IsPostfix ? current : updated;
    }
}
