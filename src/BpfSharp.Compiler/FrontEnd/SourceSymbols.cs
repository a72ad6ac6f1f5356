using BpfSharp.Compiler.Surface;
using Microsoft.CodeAnalysis;

namespace BpfSharp.Compiler.FrontEnd;

/// <summary>Enumerates the members declared in the program's own sources.</summary>
internal static class SourceSymbols
{
    /// <summary>Every member of every type (nested types included) declared in <paramref name="compilation"/>'s sources.</summary>
    public static IEnumerable<ISymbol> Members(Compilation compilation) =>
        Types(compilation.Assembly.GlobalNamespace).SelectMany(type => type.GetMembers());

    /// <summary>True when the sources declare an entry point or a map: a compilation that holds BpfSharp programs.</summary>
    public static bool DeclaresProgram(Compilation compilation, RuntimeSymbols runtime) =>
        Members(compilation).Any(member => runtime.HasMapAttribute(member)
            || member.GetAttributes().Any(a => DerivesFrom(a.AttributeClass, runtime.ProgramAttribute)));

    /// <summary>True when <paramref name="type"/> is <paramref name="baseType"/> or derives from it.</summary>
    public static bool DerivesFrom(INamedTypeSymbol? type, INamedTypeSymbol baseType)
    {
        for (var t = type; t is not null; t = t.BaseType)
            if (SymbolEqualityComparer.Default.Equals(t, baseType)) return true;
        return false;
    }

    private static IEnumerable<INamedTypeSymbol> Types(INamespaceOrTypeSymbol container)
    {
        foreach (var member in container.GetMembers())
        {
            if (member is INamespaceSymbol ns)
            {
                foreach (var type in Types(ns)) yield return type;
            }
            else if (member is INamedTypeSymbol type && type.Locations.Any(l => l.IsInSource))
            {
                yield return type;
                foreach (var nested in Types(type)) yield return nested;
            }
        }
    }
}
