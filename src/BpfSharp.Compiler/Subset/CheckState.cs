using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace BpfSharp.Compiler.Subset;

/// <summary>What the checker accumulates over all reachable methods: diagnostics, the call graph, the globals read.</summary>
internal sealed class CheckState
{
    private readonly HashSet<(string Id, Location Location)> _reported = [];
    private readonly List<Diagnostic> _diagnostics = [];
    private readonly HashSet<IFieldSymbol> _globals = new(SymbolEqualityComparer.Default);

    public IReadOnlyList<Diagnostic> Diagnostics => _diagnostics;

    public CallGraph Calls { get; } = new();

    public IReadOnlyCollection<IFieldSymbol> Globals => _globals;

    public void Report(Diagnostic diagnostic)
    {
        if (_reported.Add((diagnostic.Id, diagnostic.Location))) _diagnostics.Add(diagnostic);
    }

    public void AddCall(IMethodSymbol caller, IMethodSymbol callee, Location site) => Calls.Add(caller, callee, site);

    public void AddGlobal(IFieldSymbol field) => _globals.Add(field.OriginalDefinition);

    /// <summary>True once a checked method holds code that does not bind (an invalid operation, an unknown type).</summary>
    public bool ReachesInvalidCode { get; private set; }

    public void NoteInvalidCode() => ReachesInvalidCode = true;

    /// <summary>Calls of generic methods of the program, with their type arguments as written at the site.</summary>
    public List<(IMethodSymbol Caller, IMethodSymbol Callee, Location Site)> GenericCalls { get; } = [];

    /// <summary>Operators of generic math interfaces applied to a type parameter, by the generic method they are in.</summary>
    public List<(IMethodSymbol Method, IOperation Operator, IMethodSymbol OperatorMethod)> GenericOperators { get; } = [];
}
