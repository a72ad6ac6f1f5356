using System.Collections.Immutable;
using Microsoft.CodeAnalysis;

namespace BpfSharp.Compiler.Subset;

/// <summary>Orders symbols as they appear in the compilation: by syntax tree (in compilation order), then by position.</summary>
public static class SourceOrder
{
    /// <summary>Sorts <paramref name="symbols"/> in source order; symbols without a source location go last.</summary>
    public static ImmutableArray<T> Sort<T>(IEnumerable<T> symbols, Compilation compilation) where T : ISymbol
    {
        var treeIndex = compilation.SyntaxTrees.Select((tree, i) => (tree, i)).ToDictionary(p => p.tree, p => p.i);
        (int, int) Key(T symbol)
        {
            var location = symbol.Locations.FirstOrDefault(l => l.IsInSource);
            return location?.SourceTree is { } tree && treeIndex.TryGetValue(tree, out int index)
                ? (index, location.SourceSpan.Start)
                : (int.MaxValue, 0);
        }

        return [.. symbols.OrderBy(Key)];
    }
}
