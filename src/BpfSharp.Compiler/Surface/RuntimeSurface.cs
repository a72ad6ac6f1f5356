using Microsoft.CodeAnalysis;

namespace BpfSharp.Compiler.Surface;

/// <summary>
/// The one table of what a program may call outside its own assembly: each member of the BpfSharp runtime's
/// program-facing types, and the few BCL members (byte swaps, bit operations, <c>Interlocked</c>'s atomics, a <c>u8</c>
/// literal's span), with the <see cref="Intrinsic"/> the code generator lowers it to. The subset checker admits exactly these members and the
/// lowering handles exactly these, so the two cannot drift apart.
/// </summary>
public static class RuntimeSurface
{
    /// <summary>The assembly that declares the programming model.</summary>
    public const string RuntimeAssembly = "BpfSharp.Runtime";

    /// <summary>Metadata name of the XDP program context.</summary>
    public const string XdpContext = "BpfSharp.XdpContext";

    /// <summary>Metadata name of the TC classifier context.</summary>
    public const string TcContext = "BpfSharp.TcContext";

    /// <summary>Metadata name of <c>System.Threading.Interlocked</c>, whose read-modify-write methods are BPF atomics.</summary>
    public const string Interlocked = "System.Threading.Interlocked";

    private const string ArrayMap = "BpfSharp.ArrayMap`1";
    private const string PerCpuArrayMap = "BpfSharp.PerCpuArrayMap`1";
    private const string HashMap = "BpfSharp.HashMap`2";
    private const string LruHashMap = "BpfSharp.LruHashMap`2";
    private const string ProgramArray = "BpfSharp.ProgramArray";
    private const string RingBuffer = "BpfSharp.RingBuffer";
    private const string ByteSpan = "System.ReadOnlySpan`1";
    private const string Indexer = "this[]";

    /// <summary>The map descriptor types (metadata names of their generic definitions), by kernel map kind.</summary>
    public static IReadOnlyDictionary<string, MapKind> MapTypes { get; } = new Dictionary<string, MapKind>
    {
        [ArrayMap] = MapKind.Array,
        [HashMap] = MapKind.Hash,
        [LruHashMap] = MapKind.LruHash,
        [PerCpuArrayMap] = MapKind.PerCpuArray,
        [RingBuffer] = MapKind.RingBuffer,
        [ProgramArray] = MapKind.ProgramArray,
    };

    private static readonly Dictionary<(string Type, string Member), Intrinsic> s_members = new()
    {
        [(XdpContext, "Data")] = Intrinsic.XdpData,
        [(XdpContext, "DataEnd")] = Intrinsic.XdpDataEnd,
        [(XdpContext, "IngressIfindex")] = Intrinsic.XdpIngressIfindex,
        [(XdpContext, "RxQueueIndex")] = Intrinsic.XdpRxQueueIndex,
        [(XdpContext, "Header")] = Intrinsic.Header,
        [(XdpContext, "LoadBytes")] = Intrinsic.LoadBytes,
        [(XdpContext, "StoreBytes")] = Intrinsic.StoreBytes,
        [(XdpContext, "AdjustHead")] = Intrinsic.AdjustHead,
        [(XdpContext, "AdjustTail")] = Intrinsic.AdjustTail,
        [(XdpContext, "Redirect")] = Intrinsic.Redirect,
        [(TcContext, "Data")] = Intrinsic.SkbData,
        [(TcContext, "DataEnd")] = Intrinsic.SkbDataEnd,
        [(TcContext, "Length")] = Intrinsic.SkbLength,
        [(TcContext, "Mark")] = Intrinsic.SkbMark,
        [(TcContext, "Ifindex")] = Intrinsic.SkbIfindex,
        [(TcContext, "Header")] = Intrinsic.Header,
        [(TcContext, "LoadBytes")] = Intrinsic.LoadBytes,
        [(TcContext, "StoreBytes")] = Intrinsic.StoreBytes,
        [(TcContext, "Redirect")] = Intrinsic.Redirect,
        [(TcContext, "CloneRedirect")] = Intrinsic.CloneRedirect,
        [(ArrayMap, "Lookup")] = Intrinsic.MapLookup,
        [(ArrayMap, "Update")] = Intrinsic.MapUpdate,
        [(PerCpuArrayMap, "Lookup")] = Intrinsic.MapLookup,
        [(PerCpuArrayMap, "Update")] = Intrinsic.MapUpdate,
        [(HashMap, "Lookup")] = Intrinsic.MapLookup,
        [(HashMap, "Update")] = Intrinsic.MapUpdate,
        [(HashMap, "Delete")] = Intrinsic.MapDelete,
        [(LruHashMap, "Lookup")] = Intrinsic.MapLookup,
        [(LruHashMap, "Update")] = Intrinsic.MapUpdate,
        [(LruHashMap, "Delete")] = Intrinsic.MapDelete,
        [(ProgramArray, "TailCall")] = Intrinsic.TailCall,
        [(RingBuffer, "Reserve")] = Intrinsic.RingReserve,
        [(RingBuffer, "Submit")] = Intrinsic.RingSubmit,
        [(RingBuffer, "Discard")] = Intrinsic.RingDiscard,
        [(RingBuffer, "Output")] = Intrinsic.RingOutput,
        [(RingBuffer, "Query")] = Intrinsic.RingQuery,
        [("BpfSharp.Bpf", "KtimeGetNs")] = Intrinsic.KtimeGetNs,
        [("BpfSharp.Bpf", "GetSmpProcessorId")] = Intrinsic.GetSmpProcessorId,
        [("BpfSharp.Checksum", "Diff")] = Intrinsic.ChecksumDiff,
        [("BpfSharp.Checksum", "Fold")] = Intrinsic.ChecksumFold,
        [("BpfSharp.Net.ByteOrder", "ToHost")] = Intrinsic.ByteSwap,
        [("BpfSharp.Net.ByteOrder", "ToNetwork")] = Intrinsic.ByteSwap,
        [("System.Buffers.Binary.BinaryPrimitives", "ReverseEndianness")] = Intrinsic.ByteSwap,
        [("System.Numerics.BitOperations", "PopCount")] = Intrinsic.PopCount,
        [("System.Numerics.BitOperations", "TrailingZeroCount")] = Intrinsic.TrailingZeroCount,
        [("System.Numerics.BitOperations", "LeadingZeroCount")] = Intrinsic.LeadingZeroCount,
        [("System.Numerics.BitOperations", "RotateLeft")] = Intrinsic.RotateLeft,
        [("System.Numerics.BitOperations", "RotateRight")] = Intrinsic.RotateRight,
        [(Interlocked, "Add")] = Intrinsic.AtomicAdd,
        [(Interlocked, "Increment")] = Intrinsic.AtomicIncrement,
        [(Interlocked, "Decrement")] = Intrinsic.AtomicDecrement,
        [(Interlocked, "Exchange")] = Intrinsic.AtomicExchange,
        [(Interlocked, "CompareExchange")] = Intrinsic.AtomicCompareExchange,
        [(Interlocked, "Or")] = Intrinsic.AtomicOr,
        [(Interlocked, "And")] = Intrinsic.AtomicAnd,
        [(ByteSpan, "Length")] = Intrinsic.ByteSpanLength,
        [(ByteSpan, Indexer)] = Intrinsic.ByteSpanIndexer,
    };

    /// <summary>
    /// The intrinsic <paramref name="member"/> (a method, a property or one of its accessors) lowers to, or null when it
    /// is not part of the surface. Runtime members count only when declared by <see cref="RuntimeAssembly"/>, and span
    /// members only on <c>ReadOnlySpan&lt;byte&gt;</c>.
    /// </summary>
    public static Intrinsic? Find(ISymbol member)
    {
        var definition = member.OriginalDefinition;
        if (definition is IMethodSymbol { AssociatedSymbol: IPropertySymbol property })
            definition = property.OriginalDefinition;
        if (definition.ContainingType is not { } type || definition.DeclaredAccessibility != Accessibility.Public) return null;
        string typeName = MetadataName(type);
        if (!s_members.TryGetValue((typeName, definition.Name), out var intrinsic)) return null;
        if (typeName.StartsWith("BpfSharp.", StringComparison.Ordinal) && type.ContainingAssembly?.Name != RuntimeAssembly) return null;
        if (typeName == ByteSpan && !IsByteSpan(member.ContainingType)) return null;
        return intrinsic;
    }

    /// <summary>True for <see cref="XdpContext"/> and <see cref="TcContext"/> of the runtime.</summary>
    public static bool IsContext(ITypeSymbol? type) =>
        type is INamedTypeSymbol named && named.ContainingAssembly?.Name == RuntimeAssembly
        && MetadataName(named) is XdpContext or TcContext;

    /// <summary>True for the runtime's <see cref="XdpContext"/>.</summary>
    public static bool IsXdpContext(ITypeSymbol? type) => IsContext(type) && MetadataName((INamedTypeSymbol)type!) == XdpContext;

    /// <summary>True for the <c>Interlocked</c> methods of the surface (which <see cref="Subset.Rules.AtomicRule"/> checks further).</summary>
    public static bool IsAtomic(IMethodSymbol method) =>
        Find(method) is Intrinsic.AtomicAdd or Intrinsic.AtomicIncrement or Intrinsic.AtomicDecrement or Intrinsic.AtomicExchange
            or Intrinsic.AtomicCompareExchange or Intrinsic.AtomicOr or Intrinsic.AtomicAnd;

    /// <summary>True for <c>ReadOnlySpan&lt;byte&gt;</c>, the type of a <c>u8</c> literal.</summary>
    public static bool IsByteSpan(ITypeSymbol? type) =>
        type is INamedTypeSymbol { IsGenericType: true } named
        && MetadataName(named.OriginalDefinition) == ByteSpan
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
