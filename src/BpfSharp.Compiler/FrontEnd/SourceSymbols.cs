using Microsoft.CodeAnalysis;

namespace BpfSharp.Compiler.FrontEnd;

/// <summary>Enumerates the members declared in the program's own sources.</summary>
internal static class SourceSymbols
{
    /// <summary>Every member of every type (nested types included) declared in <paramref name="compilation"/>'s sources.</summary>
    public static IEnumerable<ISymbol> Members(Compilation compilation) =>
        Types(compilation.Assembly.GlobalNamespace).SelectMany(type => type.GetMembers());

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
