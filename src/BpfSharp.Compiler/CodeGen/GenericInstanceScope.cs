using BpfSharp.Compiler.Subset.Generics;
using Microsoft.CodeAnalysis;

namespace BpfSharp.Compiler.CodeGen;

/// <summary>
/// The type arguments of the generic method instance whose function is being lowered. An instance is compiled from the
/// generic method's one Roslyn body, whose operations name its type parameters; every question the code generator asks
/// about a type (struct or scalar, size, alignment, LLVM type, BTF) and every call it resolves first replaces them here.
/// Those questions come from static helpers all over the code generator, and one function is lowered on one thread from
/// start to end, so the instance is kept per thread instead of being threaded through every helper.
/// </summary>
internal static class GenericInstanceScope
{
    [ThreadStatic] private static TypeArgumentMap? t_current;

    /// <summary><paramref name="type"/> with the current instance's type parameters replaced.</summary>
    public static ITypeSymbol Resolve(ITypeSymbol type) => t_current is { } map ? map.Resolve(type) : type;

    /// <summary>The instance a call inside the current instance reaches (<c>Swap&lt;T&gt;</c> becomes <c>Swap&lt;uint&gt;</c>).</summary>
    public static IMethodSymbol Resolve(IMethodSymbol method) => t_current is { } map ? map.Resolve(method) : method;

    /// <summary>Lowers with the type arguments of <paramref name="method"/> until the result is disposed.</summary>
    public static Entered Enter(IMethodSymbol method, Compilation compilation)
    {
        var previous = t_current;
        t_current = TypeArgumentMap.Of(method, compilation);
        return new Entered(previous);
    }

    /// <summary>Restores the instance that was current before <see cref="Enter"/>.</summary>
    public readonly struct Entered : IDisposable
    {
        private readonly TypeArgumentMap? _previous;

        internal Entered(TypeArgumentMap? previous) => _previous = previous;

        public void Dispose() => t_current = _previous;
    }
}
