using Microsoft.CodeAnalysis;

namespace BpfSharp.Analyzers.CodeFixes;

/// <summary>What the fixes need to know of BpfSharp's map declarations.</summary>
internal static class MapTypes
{
    private static readonly HashSet<string> s_mapTypes =
        ["ArrayMap", "PerCpuArrayMap", "HashMap", "LruHashMap", "RingBuffer", "ProgramArray"];

    /// <summary>True for a BpfSharp map descriptor type (<c>ArrayMap&lt;T&gt;</c>, <c>RingBuffer</c>, ...).</summary>
    public static bool IsMapType(ITypeSymbol type) =>
        type.ContainingNamespace?.ToDisplayString() == "BpfSharp" && s_mapTypes.Contains(type.Name);

    /// <summary>True for BpfSharp's <c>[Map]</c> attribute.</summary>
    public static bool IsMapAttribute(INamedTypeSymbol? attribute) =>
        attribute is { Name: "MapAttribute" } && attribute.ContainingNamespace?.ToDisplayString() == "BpfSharp";

    /// <summary>The object name of a <c>[Map]</c> field: its attribute's <c>Name</c>, or the field's name.</summary>
    public static string NameOf(IFieldSymbol field)
    {
        var attribute = field.GetAttributes().FirstOrDefault(a => IsMapAttribute(a.AttributeClass));
        var named = attribute?.NamedArguments.FirstOrDefault(a => a.Key == "Name").Value.Value as string;
        return named ?? field.Name;
    }
}
