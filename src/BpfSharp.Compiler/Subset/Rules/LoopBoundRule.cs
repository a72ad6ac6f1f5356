using System.Numerics;
using BpfSharp.Compiler.Diagnostics;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace BpfSharp.Compiler.Subset.Rules;

/// <summary>
/// BPF0009: every loop has a bound the compiler can see.
/// <list type="bullet">
/// <item>A for-loop declares an int or uint induction variable initialised to a constant, its condition is (or has as an
/// &amp;&amp;-conjunct) <c>i &lt; N</c> or <c>i &lt;= N</c> with a constant N, its increment only adds a positive constant
/// to i, and its body never writes i.</item>
/// <item>A while or do loop has such a conjunct on an int or uint local, its body increments that local by a positive
/// constant in a statement directly inside the loop body (so on every iteration), writes it nowhere else and has no
/// <c>continue</c> (which would skip the increment).</item>
/// <item>A goto never jumps backwards.</item>
/// </list>
/// N must stay below the variable's maximum (for <c>&lt;=</c>, strictly below), or the comparison never fails.
/// </summary>
internal sealed class LoopBoundRule : ISubsetRule
{
    public void Check(IOperation operation, MethodContext context)
    {
        string? problem = operation switch
        {
            IForLoopOperation loop => CheckFor(loop),
            IWhileLoopOperation loop => CheckWhile(loop),
            IBranchOperation { BranchKind: BranchKind.GoTo } branch when IsBackward(branch) =>
                "a backward goto makes a loop whose bound the compiler cannot see",
            _ => null,
        };
        if (problem is not null) context.Report(BpfDiagnostics.UnboundedLoop, Keyword(operation), problem);
    }

    private static string? CheckFor(IForLoopOperation loop)
    {
        var declared = loop.Before
            .OfType<IVariableDeclarationGroupOperation>()
            .SelectMany(group => group.Declarations)
            .SelectMany(declaration => declaration.Declarators)
            .Where(d => d.GetVariableInitializer()?.Value.ConstantValue.HasValue == true)
            .Select(d => d.Symbol)
            .ToHashSet(SymbolEqualityComparer.Default);
        if (loop.Condition is null) return "this for-loop has no condition";

        foreach (var (variable, _) in Bounds(loop.Condition))
        {
            if (!declared.Contains(variable)) continue;
            bool incremented = false, otherWrite = false;
            foreach (var write in Writes(loop.AtLoopBottom, variable))
            {
                if (IsPositiveIncrement(write)) incremented = true;
                else otherWrite = true;
            }

            if (!incremented || otherWrite)
                return $"the for-loop's increment must add a positive constant to '{variable.Name}' and nothing else";
            if (Writes(loop.Body, variable).Any())
                return $"the for-loop's body writes its induction variable '{variable.Name}'";
            return null;
        }

        return "the for-loop's condition has no 'i < N' or 'i <= N' with a constant N on an int or uint variable declared and initialised to a constant in the for";
    }

    private static string? CheckWhile(IWhileLoopOperation loop)
    {
        string kind = loop.ConditionIsTop ? "while" : "do";
        if (loop.Condition is null) return $"this {kind} loop has no condition";
        foreach (var (variable, _) in Bounds(loop.Condition))
        {
            var writes = Writes(loop.Body, variable).ToList();
            bool incrementsEveryIteration = loop.Body is IBlockOperation block && block.Operations
                .OfType<IExpressionStatementOperation>()
                .Any(statement => writes.Contains(statement.Operation) && IsPositiveIncrement(statement.Operation));
            if (!incrementsEveryIteration || writes.Count != 1) continue;
            if (loop.Body.Descendants().OfType<IBranchOperation>()
                .Any(b => b.BranchKind == BranchKind.Continue && SymbolEqualityComparer.Default.Equals(b.Target, loop.ContinueLabel)))
                return $"this {kind} loop has a continue, which skips the increment of '{variable.Name}'";
            return null;
        }

        return $"this {kind} loop's condition has no 'i < N' with a constant N on an int or uint local that the body increments once on every iteration";
    }

    /// <summary>The conjuncts of <paramref name="condition"/> of the form <c>i &lt; N</c> or <c>i &lt;= N</c> (either way round) that bound i.</summary>
    private static IEnumerable<(ILocalSymbol Variable, BigInteger Bound)> Bounds(IOperation condition)
    {
        if (condition is IBinaryOperation { OperatorKind: BinaryOperatorKind.ConditionalAnd } and)
        {
            foreach (var bound in Bounds(and.LeftOperand)) yield return bound;
            foreach (var bound in Bounds(and.RightOperand)) yield return bound;
            yield break;
        }

        if (condition is not IBinaryOperation compare) yield break;
        var (variableSide, boundSide, inclusive) = compare.OperatorKind switch
        {
            BinaryOperatorKind.LessThan => (compare.LeftOperand, compare.RightOperand, false),
            BinaryOperatorKind.LessThanOrEqual => (compare.LeftOperand, compare.RightOperand, true),
            BinaryOperatorKind.GreaterThan => (compare.RightOperand, compare.LeftOperand, false),
            BinaryOperatorKind.GreaterThanOrEqual => (compare.RightOperand, compare.LeftOperand, true),
            _ => (null!, null!, false),
        };
        if (variableSide is null) yield break;
        if (Unconverted(variableSide) is not ILocalReferenceOperation { Local: var local }) yield break;
        if (local.Type.SpecialType is not (SpecialType.System_Int32 or SpecialType.System_UInt32)) yield break;
        if (!boundSide.ConstantValue.HasValue || !TryInteger(boundSide.ConstantValue.Value, out var limit)) yield break;

        BigInteger max = local.Type.SpecialType == SpecialType.System_Int32 ? int.MaxValue : uint.MaxValue;
        if (inclusive ? limit >= max : limit > max) yield break;
        yield return (local, limit);
    }

    private static IOperation Unconverted(IOperation operation) =>
        operation is IConversionOperation { IsImplicit: true } conversion ? Unconverted(conversion.Operand) : operation;

    private static bool TryInteger(object? value, out BigInteger result)
    {
        switch (value)
        {
            case int or uint or long or ulong or short or ushort or byte or sbyte or char:
                result = value is char c ? c : new BigInteger(Convert.ToDecimal(value, System.Globalization.CultureInfo.InvariantCulture));
                return true;
            default:
                result = default;
                return false;
        }
    }

    /// <summary>Operations under <paramref name="root"/> that write <paramref name="variable"/> (assign, increment, pass by ref, take its address).</summary>
    private static IEnumerable<IOperation> Writes(IOperation? root, ILocalSymbol variable) =>
        root is null ? [] : Writes([root], variable);

    private static IEnumerable<IOperation> Writes(IEnumerable<IOperation> roots, ILocalSymbol variable)
    {
        foreach (var root in roots)
            foreach (var operation in root.DescendantsAndSelf())
            {
                bool writes = operation switch
                {
                    IAssignmentOperation assignment => Refers(assignment.Target, variable),
                    IIncrementOrDecrementOperation step => Refers(step.Target, variable),
                    IAddressOfOperation address => Refers(address.Reference, variable),
                    IArgumentOperation { Parameter.RefKind: RefKind.Ref or RefKind.Out } argument => Refers(argument.Value, variable),
                    IVariableDeclaratorOperation { Symbol.IsRef: true } declarator =>
                        declarator.GetVariableInitializer() is { } init && Refers(init.Value, variable),
                    _ => false,
                };
                if (writes) yield return operation;
            }
    }

    private static bool Refers(IOperation operation, ILocalSymbol variable) =>
        operation is ILocalReferenceOperation reference && SymbolEqualityComparer.Default.Equals(reference.Local, variable);

    private static bool IsPositiveIncrement(IOperation write) => write switch
    {
        IIncrementOrDecrementOperation step => step.Kind is OperationKind.Increment,
        ICompoundAssignmentOperation { OperatorKind: BinaryOperatorKind.Add } add =>
            add.Value.ConstantValue.HasValue && TryInteger(add.Value.ConstantValue.Value, out var amount) && amount > 0,
        _ => false,
    };

    private static bool IsBackward(IBranchOperation branch)
    {
        var label = branch.Target.Locations.FirstOrDefault();
        return label is not null && label.SourceTree == branch.Syntax.SyntaxTree && label.SourceSpan.Start < branch.Syntax.SpanStart;
    }

    private static Location Keyword(IOperation operation) => operation.Syntax switch
    {
        ForStatementSyntax s => s.ForKeyword.GetLocation(),
        WhileStatementSyntax s => s.WhileKeyword.GetLocation(),
        DoStatementSyntax s => s.DoKeyword.GetLocation(),
        _ => operation.Syntax.GetFirstToken().GetLocation(),
    };
}
