using Microsoft.CodeAnalysis;

namespace BpfSharp.Compiler.Subset.Generics;

/// <summary>
/// The type arguments of one instance of a generic method of the program (<c>Max&lt;uint&gt;</c>): replaces the method's
/// type parameters in the types and calls its one Roslyn body names, so that the body can be checked and compiled for
/// that instance.
/// </summary>
internal sealed class TypeArgumentMap
{
    private readonly Dictionary<ITypeParameterSymbol, ITypeSymbol> _arguments = new(SymbolEqualityComparer.Default);
    private readonly Compilation _compilation;

    private TypeArgumentMap(IMethodSymbol instance, Compilation compilation)
    {
        _compilation = compilation;
        var parameters = instance.OriginalDefinition.TypeParameters;
        for (var i = 0; i < parameters.Length; i++) _arguments[parameters[i]] = instance.TypeArguments[i];
    }

    /// <summary>The map of <paramref name="instance"/>, or null when it is not a generic method.</summary>
    public static TypeArgumentMap? Of(IMethodSymbol instance, Compilation compilation) =>
        instance.IsGenericMethod ? new TypeArgumentMap(instance, compilation) : null;

    /// <summary><paramref name="type"/> with this instance's type parameters replaced by their arguments.</summary>
    public ITypeSymbol Resolve(ITypeSymbol type)
    {
        switch (type)
        {
            case ITypeParameterSymbol parameter:
                return _arguments.TryGetValue(parameter, out var argument) ? argument : type;
            case IPointerTypeSymbol pointer when MentionsTypeParameter(pointer):
                return _compilation.CreatePointerTypeSymbol(Resolve(pointer.PointedAtType));
            case INamedTypeSymbol { IsGenericType: true } named when MentionsTypeParameter(named):
                return named.OriginalDefinition.Construct([.. named.TypeArguments.Select(Resolve)]);
            default:
                return type;
        }
    }

    /// <summary>
    /// <paramref name="method"/> as this instance calls it: a generic method called with this instance's type parameters
    /// (<c>Swap&lt;T&gt;</c> inside <c>Sort&lt;T&gt;</c>) becomes the instance of the concrete arguments.
    /// </summary>
    public IMethodSymbol Resolve(IMethodSymbol method) =>
        method.IsGenericMethod && method.TypeArguments.Any(MentionsTypeParameter)
            ? method.OriginalDefinition.Construct([.. method.TypeArguments.Select(Resolve)])
            : method;

    /// <summary>True when <paramref name="type"/> is or contains a type parameter (<c>T</c>, <c>T*</c>, <c>Pair&lt;T&gt;</c>).</summary>
    public static bool MentionsTypeParameter(ITypeSymbol type) => Mentions(type, null);

    /// <summary>True when <paramref name="type"/> is or contains <paramref name="parameter"/> (any type parameter when null).</summary>
    public static bool Mentions(ITypeSymbol type, ITypeParameterSymbol? parameter) => type switch
    {
        ITypeParameterSymbol found => parameter == null || SymbolEqualityComparer.Default.Equals(found, parameter),
        IPointerTypeSymbol pointer => Mentions(pointer.PointedAtType, parameter),
        INamedTypeSymbol { IsGenericType: true } named => named.TypeArguments.Any(argument => Mentions(argument, parameter)),
        _ => false,
    };
}
