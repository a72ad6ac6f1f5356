using BpfSharp.Compiler.Surface;
using Microsoft.CodeAnalysis;

namespace BpfSharp.Compiler.Subset.Rules;

/// <summary>What a rule knows and can do while one method is checked.</summary>
internal sealed class MethodContext(IMethodSymbol method, Compilation compilation, RuntimeSymbols runtime, CheckState state)
{
    /// <summary>The method being checked.</summary>
    public IMethodSymbol Method { get; } = method;

    /// <summary>The program compilation.</summary>
    public Compilation Compilation { get; } = compilation;

    /// <summary>The runtime types.</summary>
    public RuntimeSymbols Runtime { get; } = runtime;

    /// <summary>Reports <paramref name="descriptor"/> at <paramref name="location"/>.</summary>
    public void Report(DiagnosticDescriptor descriptor, Location location, params object?[] arguments) =>
        state.Report(Diagnostic.Create(descriptor, location, arguments));

    /// <summary>Records that this method calls <paramref name="callee"/> (a method of the program) at <paramref name="site"/>.</summary>
    public void AddCall(IMethodSymbol callee, Location site)
    {
        state.AddCall(Method, callee, site);
        if (callee.IsGenericMethod) state.GenericCalls.Add((Method.OriginalDefinition, callee, site));
    }

    /// <summary>Records an operator of a generic math interface, checked for each instance of this method.</summary>
    public void AddGenericOperator(IOperation site, IMethodSymbol operatorMethod) =>
        state.GenericOperators.Add((Method.OriginalDefinition, site, operatorMethod));

    /// <summary>Records a static readonly configuration field the program reads.</summary>
    public void AddGlobal(IFieldSymbol field) => state.AddGlobal(field);

    /// <summary>True when <paramref name="symbol"/> is declared in the program's own sources.</summary>
    public bool IsInProgram(ISymbol symbol) =>
        SymbolEqualityComparer.Default.Equals(symbol.ContainingAssembly, Compilation.Assembly);
}
