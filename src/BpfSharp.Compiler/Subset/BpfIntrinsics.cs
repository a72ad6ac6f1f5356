using Microsoft.CodeAnalysis;

namespace BpfSharp.Compiler.Subset;

/// <summary>
/// Methods and properties outside the program's assembly that the code generator lowers itself (to helper calls, context
/// loads or instructions) instead of compiling a body: the BpfSharp runtime's program-facing types, byte swaps, popcount,
/// and the length and indexer of a <c>u8</c> literal's span.
/// </summary>
public static class BpfIntrinsics
{
    /// <summary>Runtime types whose public members programs may call, by metadata name.</summary>
    public static IReadOnlySet<string> RuntimeTypes { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        "BpfSharp.XdpContext",
        "BpfSharp.TcContext",
        "BpfSharp.ArrayMap`1",
        "BpfSharp.HashMap`2",
        "BpfSharp.LruHashMap`2",
        "BpfSharp.PerCpuArrayMap`1",
        "BpfSharp.RingBuffer",
        "BpfSharp.ProgramArray",
        "BpfSharp.Bpf",
        "BpfSharp.Checksum",
        "BpfSharp.Net.ByteOrder",
    };

    /// <summary>
    /// True when <paramref name="member"/> (a method or a property) is an intrinsic: a public member declared on one of
    /// <see cref="RuntimeTypes"/> in the BpfSharp runtime, <c>BinaryPrimitives.ReverseEndianness</c>,
    /// <c>BitOperations.PopCount</c>, or <c>ReadOnlySpan&lt;byte&gt;</c>'s <c>Length</c> and indexer.
    /// </summary>
    public static bool IsIntrinsic(ISymbol member, RuntimeSymbols runtime)
    {
        var definition = member.OriginalDefinition;
        if (definition is IMethodSymbol { AssociatedSymbol: IPropertySymbol property })
            definition = property.OriginalDefinition;
        var type = definition.ContainingType;
        if (type is null) return false;
        string typeName = MetadataName(type);

        if (SymbolEqualityComparer.Default.Equals(type.ContainingAssembly, runtime.Assembly))
            return definition.DeclaredAccessibility == Accessibility.Public && RuntimeTypes.Contains(typeName);

        return (typeName, definition.Name) switch
        {
            ("System.Buffers.Binary.BinaryPrimitives", "ReverseEndianness") => true,
            ("System.Numerics.BitOperations", "PopCount") => true,
            ("System.ReadOnlySpan`1", "Length" or "this[]") => IsByteSpan(member.ContainingType),
            _ => false,
        };
    }

    /// <summary>True for <c>ReadOnlySpan&lt;byte&gt;</c>, the type of a <c>u8</c> literal.</summary>
    public static bool IsByteSpan(ITypeSymbol? type) =>
        type is INamedTypeSymbol { IsGenericType: true } named
        && MetadataName(named.OriginalDefinition) == "System.ReadOnlySpan`1"
        && named.TypeArguments[0].SpecialType == SpecialType.System_Byte;

    private static string MetadataName(INamedTypeSymbol type)
    {
        string name = type.MetadataName;
        for (var outer = type.ContainingType; outer is not null; outer = outer.ContainingType)
            name = outer.MetadataName + "+" + name;
        var ns = type.ContainingNamespace;
        return ns is null || ns.IsGlobalNamespace ? name : ns.ToDisplayString() + "." + name;
    }
}
