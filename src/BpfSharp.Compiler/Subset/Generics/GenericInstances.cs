using BpfSharp.Compiler.Diagnostics;
using BpfSharp.Compiler.Subset.Rules;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace BpfSharp.Compiler.Subset.Generics;

/// <summary>
/// The instances of the program's generic methods: every distinct set of type arguments that a reachable call supplies,
/// through generic callers too (<c>Swap&lt;T&gt;</c> called from <c>Sort&lt;T&gt;</c> called with <c>uint</c> is
/// <c>Swap&lt;uint&gt;</c>). The code generator compiles one function per instance. Each instance is checked as if it
/// had been written for its type arguments (BPF0017, at the call and at what needs the type): a type argument is a type
/// the subset allows, and the generic math operators of the body apply to an integer type.
/// </summary>
internal static class GenericInstances
{
    /// <summary>A chain of ever-new instances (<c>F&lt;T&gt;</c> calling <c>F&lt;T*&gt;</c>) is recursion, reported as BPF0007; this bounds its expansion.</summary>
    private const int MaxInstances = 1024;

    /// <summary>The instances called from <paramref name="reachable"/>, in the order first called; reports their violations.</summary>
    public static IReadOnlyList<IMethodSymbol> Find(CheckState state, Compilation compilation, IEnumerable<IMethodSymbol> reachable)
    {
        var calls = state.GenericCalls.ToLookup(call => call.Caller, (IEqualityComparer<IMethodSymbol>)SymbolEqualityComparer.Default);
        var instances = new List<IMethodSymbol>();
        var seen = new HashSet<IMethodSymbol>(SymbolEqualityComparer.Default);
        var pending = new Queue<IMethodSymbol>();

        void Instantiate(IMethodSymbol callee, Location site, TypeArgumentMap? caller)
        {
            var instance = caller?.Resolve(callee) ?? callee;
            if (instance.TypeArguments.Any(TypeArgumentMap.MentionsTypeParameter)) return;
            Check(instance, site, compilation, state);
            if (instances.Count < MaxInstances && seen.Add(instance))
            {
                instances.Add(instance);
                pending.Enqueue(instance);
            }
        }

        foreach (var method in reachable.Where(method => !method.IsGenericMethod))
            foreach (var call in calls[method.OriginalDefinition]) Instantiate(call.Callee, call.Site, null);
        while (pending.Count > 0)
        {
            var instance = pending.Dequeue();
            var map = TypeArgumentMap.Of(instance, compilation);
            foreach (var call in calls[instance.OriginalDefinition]) Instantiate(call.Callee, call.Site, map);
        }
        return instances;
    }

    /// <summary>True for a static abstract or static virtual interface member: reached only through a type parameter.</summary>
    public static bool IsStaticAbstract(IMethodSymbol method) =>
        method.IsStatic && (method.IsAbstract || method.IsVirtual) && method.ContainingType?.TypeKind == TypeKind.Interface;

    /// <summary>True when <paramref name="site"/> applies the operator <paramref name="method"/> (not a checked one) as an operator.</summary>
    public static bool IsOperatorSite(IOperation site, IMethodSymbol method) =>
        method.MethodKind == MethodKind.UserDefinedOperator
        && !method.Name.StartsWith("op_Checked", StringComparison.Ordinal)
        && site is IBinaryOperation or IUnaryOperation or IIncrementOrDecrementOperation or ICompoundAssignmentOperation;

    private static void Check(IMethodSymbol instance, Location site, Compilation compilation, CheckState state)
    {
        var definition = instance.OriginalDefinition;
        string call = instance.ToDisplayString(SymbolDisplayFormat.CSharpShortErrorMessageFormat);
        string generic = definition.ToDisplayString(SymbolDisplayFormat.CSharpShortErrorMessageFormat);
        for (var i = 0; i < instance.TypeArguments.Length; i++)
        {
            var argument = instance.TypeArguments[i];
            string? why = FloatingPointRule.IsFloatingPoint(argument) ? "which is floating point, and BPF has no floating-point instructions"
                : !TypeRule.IsAllowed(argument) ? "which is not a primitive, enum, pointer or unmanaged struct"
                : null;
            if (why == null) continue;
            var display = TypeDisplay.Of(argument);
            state.Report(Diagnostic.Create(BpfDiagnostics.GenericInstance, site, call, generic, display, why));
            foreach (var declaration in DeclarationsOf(definition, definition.TypeParameters[i], compilation))
                state.Report(Diagnostic.Create(BpfDiagnostics.GenericInstance, declaration, call, generic, display, why));
        }

        var map = TypeArgumentMap.Of(instance, compilation)!;
        foreach (var (method, operatorSite, _) in state.GenericOperators)
        {
            if (!SymbolEqualityComparer.Default.Equals(method, definition)) continue;
            var operand = map.Resolve(OperandType(operatorSite));
            if (IsIntegerOrBool(operand) || FloatingPointRule.IsFloatingPoint(operand)) continue;
            string why = $"and applies '{operatorSite.Syntax}' to it, an operator of generic math that the compiler lowers for integer type arguments only";
            var display = TypeDisplay.Of(operand);
            state.Report(Diagnostic.Create(BpfDiagnostics.GenericInstance, site, call, generic, display, why));
            state.Report(Diagnostic.Create(BpfDiagnostics.GenericInstance, operatorSite.Syntax.GetLocation(), call, generic, display, why));
        }
    }

    private static ITypeSymbol OperandType(IOperation site) => site switch
    {
        IBinaryOperation binary => binary.LeftOperand.Type!,
        IUnaryOperation unary => unary.Operand.Type!,
        IIncrementOrDecrementOperation step => step.Target.Type!,
        ICompoundAssignmentOperation compound => compound.Target.Type!,
        _ => throw new ArgumentException($"not an operator: {site.Syntax}", nameof(site)),
    };

    private static bool IsIntegerOrBool(ITypeSymbol type) => type.SpecialType is SpecialType.System_Boolean
        or SpecialType.System_SByte or SpecialType.System_Byte or SpecialType.System_Int16 or SpecialType.System_UInt16
        or SpecialType.System_Char or SpecialType.System_Int32 or SpecialType.System_UInt32 or SpecialType.System_Int64
        or SpecialType.System_UInt64 or SpecialType.System_IntPtr or SpecialType.System_UIntPtr;

    /// <summary>The parameters, result and locals of <paramref name="definition"/> whose type names <paramref name="parameter"/>.</summary>
    private static IEnumerable<Location> DeclarationsOf(IMethodSymbol definition, ITypeParameterSymbol parameter, Compilation compilation)
    {
        foreach (var p in definition.Parameters)
            if (TypeArgumentMap.Mentions(p.Type, parameter) && p.Locations.FirstOrDefault() is { } location) yield return location;
        if (!definition.ReturnsVoid && TypeArgumentMap.Mentions(definition.ReturnType, parameter) && definition.Locations.FirstOrDefault() is { } at)
            yield return at;
        foreach (var reference in definition.DeclaringSyntaxReferences)
        {
            var syntax = reference.GetSyntax();
            var body = compilation.GetSemanticModel(syntax.SyntaxTree).GetOperation(syntax);
            if (body == null) continue;
            foreach (var declarator in body.Descendants().OfType<IVariableDeclaratorOperation>())
                if (TypeArgumentMap.Mentions(declarator.Symbol.Type, parameter)) yield return declarator.Symbol.Locations[0];
        }
    }
}
