using BpfSharp.Compiler.Diagnostics;
using BpfSharp.Compiler.Surface;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace BpfSharp.Compiler.Subset.Rules;

/// <summary>
/// BPF0012 (BPF0011 for floating point): the types of locals, and of parameters and results of reachable methods, are
/// primitives, enums, pointers or unmanaged structs; besides those only the program contexts and a u8 literal's span.
/// </summary>
internal sealed class TypeRule : ISubsetRule
{
    public void Check(IOperation operation, MethodContext context)
    {
        if (operation is IVariableDeclaratorOperation declarator)
            CheckType(declarator.Symbol.Name, declarator.Symbol.Type, declarator.Symbol.Locations[0], context);
    }

    /// <summary>Checks the signature of a reachable method.</summary>
    public static void CheckSignature(IMethodSymbol method, MethodContext context)
    {
        var location = method.Locations.FirstOrDefault() ?? Location.None;
        foreach (var parameter in method.Parameters)
            CheckType(parameter.Name, parameter.Type, parameter.Locations.FirstOrDefault() ?? location, context);
        if (!method.ReturnsVoid) CheckType(method.Name, method.ReturnType, location, context);
    }

    private static void CheckType(string name, ITypeSymbol type, Location location, MethodContext context)
    {
        if (FloatingPointRule.IsFloatingPoint(type))
            context.Report(BpfDiagnostics.FloatingPoint, location, name, TypeDisplay.Of(type));
        else if (!IsAllowed(type))
            context.Report(BpfDiagnostics.ManagedType, location, name, TypeDisplay.Of(type));
    }

    /// <summary>
    /// True for the types a BPF program may hold in a local, a parameter or a result. A type parameter passes here: each
    /// instance of its method is checked with its type argument (<see cref="Generics.GenericInstances"/>).
    /// </summary>
    public static bool IsAllowed(ITypeSymbol type) =>
        type is IPointerTypeSymbol or ITypeParameterSymbol
        || type.IsUnmanagedType
        || RuntimeSurface.IsContext(type)
        || RuntimeSurface.IsByteSpan(type);
}
