using BpfSharp.Compiler.Llvm;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace BpfSharp.Compiler.CodeGen;

/// <summary>
/// C# integer semantics on BPF: wrap-around arithmetic, shift counts masked as C# masks them (<c>&amp; 31</c> or
/// <c>&amp; 63</c>), signedness from the operand type. Division: BPF defines <c>x / 0 == 0</c> and <c>x % 0 == x</c> where C#
/// throws; division keeps the BPF result (the BPF instruction itself where the divisor is not a constant, so that LLVM
/// never sees a division by zero, which it treats as undefined). CPU v3 divides only unsigned: signed division by a power of two becomes shifts, any other signed division
/// divides the magnitudes and restores the sign.
/// </summary>
internal sealed partial class FunctionLowering
{
    private nint EmitConversion(IConversionOperation conversion)
    {
        if (conversion.OperatorMethod != null) throw Unsupported(conversion, "user-defined conversions");
        var to = conversion.Type!;
        var operand = conversion.Operand;
        if (operand.Type == null && operand.ConstantValue is { HasValue: true, Value: null })
            return LlvmValue.ConstNull(_t.Scalar(to));
        if (operand.Type == null) throw Unsupported(conversion, $"the conversion {conversion.Syntax}");
        if (conversion.IsChecked && !conversion.Conversion.IsIdentity && !conversion.Conversion.IsImplicit)
            throw Unsupported(conversion, "checked conversions (BPF cannot raise OverflowException)");
        var value = EmitValue(operand);
        return Convert(conversion, value, operand.Type, to);
    }

    private nint Convert(IOperation at, nint value, ITypeSymbol from, ITypeSymbol to)
    {
        if (SymbolEqualityComparer.Default.Equals(from, to)) return value;
        var fromPointer = TypeLowering.IsPointer(from);
        var toPointer = TypeLowering.IsPointer(to);
        if (fromPointer && toPointer) return value;
        if (TypeLowering.IsStruct(from) || TypeLowering.IsStruct(to))
        {
            if (SymbolEqualityComparer.Default.Equals(from.OriginalDefinition, to.OriginalDefinition)) return value;
            throw Unsupported(at, $"the conversion from {from.ToDisplayString()} to {to.ToDisplayString()}");
        }
        if (toPointer)
        {
            if (!TypeLowering.IsInteger(from)) throw Unsupported(at, $"the conversion from {from.ToDisplayString()} to a pointer");
            return _b.IntToPtr(Resize(value, from, _t.I64), _t.Ptr);
        }
        if (fromPointer)
        {
            if (!TypeLowering.IsInteger(to)) throw Unsupported(at, $"the conversion from a pointer to {to.ToDisplayString()}");
            if (_t.Layouts.SizeOf(TypeLowering.Underlying(to)) < 8)
                throw Unsupported(at, $"the conversion of a pointer to {to.ToDisplayString()} (the verifier keeps a pointer only in a whole 64-bit register; "
                    + "convert a difference of pointers instead, such as (uint)(p - start))");
            return PointerBits(value);
        }
        if (TypeLowering.IsBool(from) || TypeLowering.IsBool(to))
            throw Unsupported(at, $"the conversion from {from.ToDisplayString()} to {to.ToDisplayString()}");
        if (!TypeLowering.IsInteger(from) || !TypeLowering.IsInteger(to))
            throw Unsupported(at, $"the conversion from {from.ToDisplayString()} to {to.ToDisplayString()} (only integers, enums, bool and pointers)");
        return Resize(value, from, _t.Scalar(to));
    }

    /// <summary>Truncates, or extends by the signedness of the source type.</summary>
    private nint Resize(nint value, ITypeSymbol from, nint toType)
    {
        var fromBits = LlvmValue.WidthOf(value);
        var toBits = LlvmValue.IntWidth(toType);
        if (fromBits == toBits) return value;
        if (fromBits > toBits) return _b.Trunc(value, toType);
        return TypeLowering.IsSigned(from) ? _b.SExt(value, toType) : _b.ZExt(value, toType);
    }

    private nint EmitUnary(IUnaryOperation unary)
    {
        if (IsUserDefined(unary.OperatorMethod)) throw Unsupported(unary, "user-defined operators");
        if (unary.IsChecked && unary.OperatorKind == UnaryOperatorKind.Minus)
            throw Unsupported(unary, "checked arithmetic (BPF cannot raise OverflowException)");
        var operand = EmitValue(unary.Operand);
        return unary.OperatorKind switch
        {
            UnaryOperatorKind.Plus => operand,
            UnaryOperatorKind.Minus => _b.Neg(operand),
            UnaryOperatorKind.BitwiseNegation => _b.Not(operand),
            UnaryOperatorKind.Not => _b.Xor(operand, _t.True),
            _ => throw Unsupported(unary, $"the operator in {unary.Syntax}"),
        };
    }

    private nint EmitBinary(IBinaryOperation binary)
    {
        if (IsUserDefined(binary.OperatorMethod)) throw Unsupported(binary, "user-defined operators");
        var leftType = binary.LeftOperand.Type!;
        var rightType = binary.RightOperand.Type!;
        if (binary.OperatorKind is BinaryOperatorKind.ConditionalAnd or BinaryOperatorKind.ConditionalOr)
            throw Unsupported(binary, "a short-circuit operator outside control flow");
        if (TryEmitHeaderNullTest(binary, out var nullTest)) return nullTest;
        if (TypeLowering.IsPointer(leftType) || TypeLowering.IsPointer(rightType))
            return PointerArithmetic(binary, leftType, rightType);
        var left = EmitValue(binary.LeftOperand);
        if (IsComparison(binary.OperatorKind))
        {
            var right = EmitValue(binary.RightOperand);
            return _b.ICmp(Predicate(binary.OperatorKind, TypeLowering.IsSigned(leftType)), left, right);
        }
        return Arithmetic(binary, binary.OperatorKind, binary.IsChecked, left, leftType, binary.RightOperand, binary.Type!);
    }

    private static bool IsComparison(BinaryOperatorKind kind) => kind is BinaryOperatorKind.Equals or BinaryOperatorKind.NotEquals
        or BinaryOperatorKind.LessThan or BinaryOperatorKind.LessThanOrEqual or BinaryOperatorKind.GreaterThan
        or BinaryOperatorKind.GreaterThanOrEqual;

    private static IntPredicate Predicate(BinaryOperatorKind kind, bool signed) => kind switch
    {
        BinaryOperatorKind.Equals => IntPredicate.Eq,
        BinaryOperatorKind.NotEquals => IntPredicate.Ne,
        BinaryOperatorKind.LessThan => signed ? IntPredicate.Slt : IntPredicate.Ult,
        BinaryOperatorKind.LessThanOrEqual => signed ? IntPredicate.Sle : IntPredicate.Ule,
        BinaryOperatorKind.GreaterThan => signed ? IntPredicate.Sgt : IntPredicate.Ugt,
        _ => signed ? IntPredicate.Sge : IntPredicate.Uge,
    };

    /// <summary>Integer and bool arithmetic on an evaluated left operand; the right operand is evaluated here.</summary>
    private nint Arithmetic(IOperation at, BinaryOperatorKind kind, bool isChecked, nint left, ITypeSymbol leftType, IOperation rightOperand, ITypeSymbol resultType)
    {
        if (isChecked && kind is BinaryOperatorKind.Add or BinaryOperatorKind.Subtract or BinaryOperatorKind.Multiply)
            throw Unsupported(at, "checked arithmetic (BPF cannot raise OverflowException)");
        if (IsComparison(kind))
            return _b.ICmp(Predicate(kind, TypeLowering.IsSigned(leftType)), left, EmitValue(rightOperand));
        var signed = TypeLowering.IsSigned(leftType);
        switch (kind)
        {
            case BinaryOperatorKind.LeftShift or BinaryOperatorKind.RightShift or BinaryOperatorKind.UnsignedRightShift:
            {
                var bits = LlvmValue.WidthOf(left);
                var count = EmitValue(rightOperand);
                var masked = _b.And(count, _t.ConstInt(LlvmValue.TypeOf(count), bits == 64 ? 63 : 31));
                var shift = Resize(masked, _m.Model.Compilation.GetSpecialType(SpecialType.System_UInt32), LlvmValue.TypeOf(left));
                return kind == BinaryOperatorKind.LeftShift ? _b.Shl(left, shift)
                    : kind == BinaryOperatorKind.RightShift && signed ? _b.AShr(left, shift)
                    : _b.LShr(left, shift);
            }
            case BinaryOperatorKind.Divide or BinaryOperatorKind.Remainder:
                return Division(at, kind, left, rightOperand, signed);
        }
        var right = EmitValue(rightOperand);
        return kind switch
        {
            BinaryOperatorKind.Add => _b.Add(left, right),
            BinaryOperatorKind.Subtract => _b.Sub(left, right),
            BinaryOperatorKind.Multiply => _b.Mul(left, right),
            BinaryOperatorKind.And => _b.And(left, right),
            BinaryOperatorKind.Or => _b.Or(left, right),
            BinaryOperatorKind.ExclusiveOr => _b.Xor(left, right),
            _ => throw Unsupported(at, $"the operator in {at.Syntax} on {Diagnostics.TypeDisplay.Of(resultType)}"),
        };
    }

    private nint Division(IOperation at, BinaryOperatorKind kind, nint left, IOperation rightOperand, bool signed)
    {
        if (signed && rightOperand.ConstantValue is { HasValue: true, Value: { } c } && System.Convert.ToInt64(c) is var divisor
            && divisor > 0 && (divisor & (divisor - 1)) == 0)
            return SignedPowerOfTwoDivision(kind, left, System.Numerics.BitOperations.Log2((ulong)divisor));
        var right = EmitValue(rightOperand);
        return signed ? SignedDivision(kind, left, right) : UnsignedDivision(kind, left, right);
    }

    /// <summary>
    /// Unsigned division with BPF's results for a zero divisor: LLVM's division by a non-zero constant, else the BPF
    /// instruction itself, so that LLVM never sees a division it may treat as undefined and no branch on the divisor is needed.
    /// </summary>
    private nint UnsignedDivision(BinaryOperatorKind kind, nint left, nint right)
    {
        if (LlvmValue.ConstantValue(right) is { } divisor && divisor != 0)
            return kind == BinaryOperatorKind.Divide ? _b.UDiv(left, right) : _b.URem(left, right);
        return _b.BpfUnsignedDivision(left, right, remainder: kind == BinaryOperatorKind.Remainder);
    }

    /// <summary>
    /// Signed division on CPU v3, which divides only unsigned: divide the magnitudes and give the quotient the sign of
    /// <c>left ^ right</c> and the remainder the sign of the dividend, which is C#'s truncating division. Where C# throws
    /// (a zero divisor, <c>MinValue / -1</c>) the result is BPF's: <c>x / 0 == 0</c>, <c>x % 0 == x</c>,
    /// <c>MinValue / -1 == MinValue</c>.
    /// </summary>
    private nint SignedDivision(BinaryOperatorKind kind, nint left, nint right)
    {
        var type = LlvmValue.TypeOf(left);
        var zero = LlvmValue.ConstNull(type);
        var leftNegative = _b.ICmp(IntPredicate.Slt, left, zero);
        var rightNegative = _b.ICmp(IntPredicate.Slt, right, zero);
        var leftMagnitude = _b.Select(leftNegative, _b.Neg(left), left);
        var rightMagnitude = _b.Select(rightNegative, _b.Neg(right), right);
        if (kind == BinaryOperatorKind.Divide)
        {
            var quotient = UnsignedDivision(kind, leftMagnitude, rightMagnitude);
            return _b.Select(_b.Xor(leftNegative, rightNegative), _b.Neg(quotient), quotient);
        }
        var remainder = UnsignedDivision(kind, leftMagnitude, rightMagnitude);
        return _b.Select(leftNegative, _b.Neg(remainder), remainder);
    }

    /// <summary>
    /// <c>x / 2^k</c> rounding toward zero as C# does: add <c>2^k - 1</c> to negative dividends, then shift arithmetically;
    /// the remainder is <c>x - (q &lt;&lt; k)</c>, which has the sign of the dividend.
    /// </summary>
    private nint SignedPowerOfTwoDivision(BinaryOperatorKind kind, nint dividend, int log2)
    {
        var type = LlvmValue.TypeOf(dividend);
        var bits = LlvmValue.IntWidth(type);
        var quotient = dividend;
        if (log2 > 0)
        {
            var sign = _b.AShr(dividend, _t.ConstInt(type, bits - 1));
            var bias = _b.LShr(sign, _t.ConstInt(type, bits - log2));
            quotient = _b.AShr(_b.Add(dividend, bias), _t.ConstInt(type, log2));
        }
        return kind == BinaryOperatorKind.Divide ? quotient : _b.Sub(dividend, _b.Shl(quotient, _t.ConstInt(type, log2)));
    }

    private nint PointerArithmetic(IBinaryOperation binary, ITypeSymbol leftType, ITypeSymbol rightType)
    {
        var left = EmitValue(binary.LeftOperand);
        var right = EmitValue(binary.RightOperand);
        var kind = binary.OperatorKind;
        if (IsComparison(kind)) return _b.ICmp(Predicate(kind, signed: false), left, right);
        if (leftType is IPointerTypeSymbol lp && TypeLowering.IsInteger(rightType) && kind is BinaryOperatorKind.Add or BinaryOperatorKind.Subtract)
            return OffsetPointer(left, lp, right, rightType, kind == BinaryOperatorKind.Subtract);
        if (rightType is IPointerTypeSymbol rp && TypeLowering.IsInteger(leftType) && kind == BinaryOperatorKind.Add)
            return OffsetPointer(right, rp, left, leftType, negate: false);
        if (leftType is IPointerTypeSymbol pointer && TypeLowering.IsPointer(rightType) && kind == BinaryOperatorKind.Subtract)
        {
            var difference = _b.OpaqueRegister(_b.Sub(PointerBits(left), PointerBits(right)));
            var size = ElementSize(binary, pointer);
            if ((size & (size - 1)) != 0) throw Unsupported(binary, "subtracting pointers to elements whose size is not a power of two");
            return size == 1 ? difference : _b.AShr(difference, _t.ConstI64(System.Numerics.BitOperations.Log2((uint)size)));
        }
        throw Unsupported(binary, $"the operator in {binary.Syntax} on pointers (add or subtract an integer, subtract two pointers, or compare them)");
    }

    /// <summary>
    /// A pointer as a 64-bit integer. A packet pointer reaches LLVM as the zero extension of a 32-bit context field
    /// (<c>ctx-&gt;data</c>), so LLVM would otherwise compute whatever only needs the low 32 bits of such an integer (a
    /// difference truncated to <c>uint</c>) on the 32-bit field itself, and keep that field live in a 32-bit register:
    /// the verifier, for which the register holds the 64-bit pointer, refuses its 32-bit spill across a helper call
    /// ("invalid size of register spill") and 32-bit arithmetic on it. The integer therefore comes out of a register that
    /// optimisations cannot look into, and a difference of pointers is computed whole before it is narrowed.
    /// </summary>
    private nint PointerBits(nint pointer) => _b.OpaqueRegister(_b.PtrToInt(pointer, _t.I64));

    private int ElementSize(IOperation at, IPointerTypeSymbol pointer) =>
        pointer.PointedAtType.SpecialType == SpecialType.System_Void
            ? throw Unsupported(at, "arithmetic on void*")
            : _t.Layouts.SizeOf(pointer.PointedAtType);

    /// <summary><c>p + i</c>: the index is widened by its own signedness and scaled by the element size.</summary>
    private nint OffsetPointer(nint pointer, IPointerTypeSymbol type, nint index, ITypeSymbol indexType, bool negate)
    {
        var size = _t.Layouts.SizeOf(type.PointedAtType);
        var wide = Resize(index, indexType, _t.I64);
        if (negate) wide = _b.Neg(wide);
        var scaled = size == 1 ? wide : _b.Mul(wide, _t.ConstI64(size));
        return _b.Gep(_t.I8, pointer, scaled);
    }

    private nint EmitPattern(IPatternOperation pattern, nint value, ITypeSymbol type)
    {
        switch (pattern)
        {
            case IConstantPatternOperation constant:
                return _b.ICmp(IntPredicate.Eq, value, Convert(constant, EmitValue(constant.Value), constant.Value.Type!, type));
            case IRelationalPatternOperation relational:
                return _b.ICmp(Predicate(relational.OperatorKind, TypeLowering.IsSigned(type)), value,
                    Convert(relational, EmitValue(relational.Value), relational.Value.Type!, type));
            case INegatedPatternOperation negated:
                return _b.Xor(EmitPattern(negated.Pattern, value, type), _t.True);
            case IBinaryPatternOperation binary:
            {
                var left = EmitPattern(binary.LeftPattern, value, type);
                var right = EmitPattern(binary.RightPattern, value, type);
                return binary.OperatorKind == BinaryOperatorKind.Or ? _b.Or(left, right) : _b.And(left, right);
            }
            case IDiscardPatternOperation:
                return _t.True;
            case IRecursivePatternOperation recursive:
                return EmitRecursivePattern(recursive, value, type);
            default:
                throw Unsupported(pattern, $"the pattern {pattern.Syntax}");
        }
    }
}
