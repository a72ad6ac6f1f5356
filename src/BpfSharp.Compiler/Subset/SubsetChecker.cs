using System.Collections.Immutable;
using BpfSharp.Compiler.Diagnostics;
using BpfSharp.Compiler.Subset.Generics;
using BpfSharp.Compiler.Subset.Rules;
using BpfSharp.Compiler.Surface;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace BpfSharp.Compiler.Subset;

/// <summary>What the subset check found.</summary>
/// <param name="Diagnostics">Subset violations (BPF00xx) and internal errors (BPF9000), in the order found.</param>
/// <param name="ReachableMethods">
/// The program's methods reachable from the entry points, entry points first: the non-generic ones, then one
/// constructed method per instance of a generic one (<c>Max&lt;uint&gt;</c>), in the order first called.
/// </param>
/// <param name="Globals">The static readonly configuration fields the reachable methods read.</param>
/// <param name="ReachesInvalidCode">
/// True when a reachable method holds C# that does not bind (an invalid operation, an unknown type): the check assumes
/// a compilation without C# errors, and its verdict on such code means nothing.
/// </param>
public sealed record SubsetResult(
    ImmutableArray<Diagnostic> Diagnostics,
    ImmutableArray<IMethodSymbol> ReachableMethods,
    ImmutableArray<IFieldSymbol> Globals,
    bool ReachesInvalidCode);

/// <summary>
/// Checks that every method reachable from the entry points stays inside the C# subset a BPF program can be compiled
/// from, reporting each violation at its C# location. It depends on Roslyn only (no LLVM), so it also runs as an analyzer.
/// </summary>
public static class SubsetChecker
{
    private static readonly ISubsetRule[] s_rules =
    [
        new AllocationRule(), new StringRule(), new ExceptionRule(), new DelegateRule(), new EnumerationRule(),
        new CallRule(), new BoxingRule(), new LoopBoundRule(), new FloatingPointRule(), new TypeRule(), new StaticFieldRule(), new AtomicRule(),
    ];

    /// <summary>Checks the methods reachable from <paramref name="entryPoints"/>.</summary>
    public static SubsetResult Check(
        Compilation compilation, RuntimeSymbols runtime, IEnumerable<IMethodSymbol> entryPoints, CancellationToken cancellation = default) =>
        Check(compilation, runtime, entryPoints, s_rules, cancellation);

    /// <summary>Checks with a given set of rules (tests use it to prove that a failing rule becomes BPF9000).</summary>
    internal static SubsetResult Check(
        Compilation compilation, RuntimeSymbols runtime, IEnumerable<IMethodSymbol> entryPoints, IReadOnlyList<ISubsetRule> rules,
        CancellationToken cancellation)
    {
        var state = new CheckState();
        var reachable = new List<IMethodSymbol>();
        var seen = new HashSet<IMethodSymbol>(SymbolEqualityComparer.Default);
        var pending = new Queue<IMethodSymbol>();
        foreach (var entry in entryPoints)
            if (seen.Add(entry.OriginalDefinition)) pending.Enqueue(entry.OriginalDefinition);

        while (pending.Count > 0)
        {
            cancellation.ThrowIfCancellationRequested();
            var method = pending.Dequeue();
            reachable.Add(method);
            CheckMethod(method, compilation, runtime, rules, state, cancellation);
            foreach (var callee in state.Calls.CalleesOf(method))
                if (seen.Add(callee)) pending.Enqueue(callee);
        }

        foreach (var (callee, site) in state.Calls.CallsOnCycles())
            state.Report(Diagnostic.Create(BpfDiagnostics.Recursion, site,
                callee.ToDisplayString(SymbolDisplayFormat.CSharpShortErrorMessageFormat)));

        var instances = GenericInstances.Find(state, compilation, reachable);
        IMethodSymbol[] compiled = [.. reachable.Where(method => !method.IsGenericMethod), .. instances];
        return new SubsetResult([.. state.Diagnostics], [.. compiled], SourceOrder.Sort(state.Globals, compilation), state.ReachesInvalidCode);
    }

    private static void CheckMethod(
        IMethodSymbol method, Compilation compilation, RuntimeSymbols runtime, IReadOnlyList<ISubsetRule> rules, CheckState state,
        CancellationToken cancellation)
    {
        var context = new MethodContext(method, compilation, runtime, state);
        try
        {
            if (method.ReturnType.TypeKind == TypeKind.Error || method.Parameters.Any(p => p.Type.TypeKind == TypeKind.Error))
                state.NoteInvalidCode();
            TypeRule.CheckSignature(method, context);
            CallArgumentRule.CheckSignature(method, context);
            foreach (var reference in method.DeclaringSyntaxReferences)
            {
                var syntax = reference.GetSyntax(cancellation);
                var body = compilation.GetSemanticModel(syntax.SyntaxTree).GetOperation(syntax, cancellation);
                if (body is not null) new RuleWalker(context, rules, state).Visit(body);
            }
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            state.Report(Diagnostic.Create(BpfDiagnostics.InternalError, method.Locations.FirstOrDefault() ?? Location.None,
                $"{exception.GetType().Name} while checking '{method.ToDisplayString()}': {exception.Message}"));
        }
    }

    /// <summary>
    /// Runs every rule on every operation, without entering code that a rule has already rejected as a whole, and notes
    /// code that does not bind.
    /// </summary>
    private sealed class RuleWalker(MethodContext context, IReadOnlyList<ISubsetRule> rules, CheckState state) : OperationWalker
    {
        public override void Visit(IOperation? operation)
        {
            if (operation is null) return;
            if (operation.Kind == OperationKind.Invalid || operation.Type?.TypeKind == TypeKind.Error) state.NoteInvalidCode();
            foreach (var rule in rules) rule.Check(operation, context);
            if (operation is IAnonymousFunctionOperation or ILocalFunctionOperation or ITranslatedQueryOperation) return;
            base.Visit(operation);
        }
    }
}
