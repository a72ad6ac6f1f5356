using System.Reflection;
using System.Reflection.Metadata;
using System.Runtime.InteropServices;
using BpfSharp.Compiler.Surface;
using Microsoft.CodeAnalysis;

namespace BpfSharp.Compiler.CodeGen;

/// <summary>Size, alignment and field offsets of a struct, as the CLR lays out an unmanaged struct.</summary>
/// <param name="Size">Size in bytes (what <c>sizeof</c> returns).</param>
/// <param name="Alignment">Alignment in bytes.</param>
/// <param name="Fields">Instance fields in declaration order with their byte offsets.</param>
internal sealed record StructLayout(int Size, int Alignment, IReadOnlyList<(IFieldSymbol Field, int Offset)> Fields)
{
    public int OffsetOf(IFieldSymbol field)
    {
        foreach (var (f, offset) in Fields)
            if (SymbolEqualityComparer.Default.Equals(f.OriginalDefinition, field.OriginalDefinition)) return offset;
        throw new UnsupportedConstructException($"field {field.Name} of {field.ContainingType.Name} has no layout");
    }
}

/// <summary>
/// Computes CLR layouts (sequential with <c>Pack</c>, explicit with <c>FieldOffset</c>, fixed buffers) of unmanaged
/// types. <c>StructLayout</c> and <c>FieldOffset</c> are pseudo-attributes: Roslyn shows them for source types only, so
/// the layout of a referenced assembly's type is read from its metadata tables.
/// </summary>
internal sealed class StructLayouts(Compilation compilation)
{
    private const int DefaultPack = 8;
    private readonly Dictionary<ITypeSymbol, StructLayout> _cache = new(SymbolEqualityComparer.Default);

    public int SizeOf(ITypeSymbol type) => GenericInstanceScope.Resolve(type) switch
    {
        { SpecialType: SpecialType.System_Boolean or SpecialType.System_Byte or SpecialType.System_SByte } => 1,
        { SpecialType: SpecialType.System_Int16 or SpecialType.System_UInt16 or SpecialType.System_Char } => 2,
        { SpecialType: SpecialType.System_Int32 or SpecialType.System_UInt32 } => 4,
        { SpecialType: SpecialType.System_Int64 or SpecialType.System_UInt64 or SpecialType.System_IntPtr or SpecialType.System_UIntPtr } => 8,
        IPointerTypeSymbol or IFunctionPointerTypeSymbol => 8,
        var resolved when RuntimeSurface.IsContext(resolved) => 8,
        var resolved when RuntimeSurface.IsByteSpan(resolved) => 16,
        INamedTypeSymbol { TypeKind: TypeKind.Enum, EnumUnderlyingType: { } underlying } => SizeOf(underlying),
        INamedTypeSymbol { TypeKind: TypeKind.Struct } s => Of(s).Size,
        var resolved => throw new UnsupportedConstructException($"type {resolved.ToDisplayString()} has no BPF layout"),
    };

    public int AlignmentOf(ITypeSymbol type) => GenericInstanceScope.Resolve(type) switch
    {
        INamedTypeSymbol { TypeKind: TypeKind.Struct, SpecialType: SpecialType.None } s when !RuntimeSurface.IsContext(s) && !RuntimeSurface.IsByteSpan(s) => Of(s).Alignment,
        var resolved when RuntimeSurface.IsByteSpan(resolved) => 8,
        var resolved => SizeOf(resolved),
    };

    /// <summary>The layout of a struct type, or of the struct a type parameter of the current generic instance stands for.</summary>
    public StructLayout OfStruct(ITypeSymbol type) => Of((INamedTypeSymbol)GenericInstanceScope.Resolve(type));

    public StructLayout Of(INamedTypeSymbol type)
    {
        if (_cache.TryGetValue(type, out var cached)) return cached;
        var layout = Compute(type);
        _cache[type] = layout;
        return layout;
    }

    private StructLayout Compute(INamedTypeSymbol type)
    {
        if (!type.IsUnmanagedType)
            throw new UnsupportedConstructException($"struct {type.ToDisplayString()} is not unmanaged");
        var fields = type.GetMembers().OfType<IFieldSymbol>().Where(f => !f.IsStatic && !f.IsConst).ToList();
        var declared = ReadDeclaredLayout(type, fields);
        var pack = declared.Pack == 0 ? DefaultPack : declared.Pack;
        var placed = new List<(IFieldSymbol, int)>(fields.Count);
        int end = 0, alignment = 1;
        foreach (var field in fields)
        {
            var (size, fieldAlignment) = FieldShape(field);
            var effective = Math.Min(fieldAlignment, pack);
            alignment = Math.Max(alignment, effective);
            int offset;
            if (declared.Kind == LayoutKind.Explicit)
            {
                if (!declared.Offsets.TryGetValue(field.Name, out offset))
                    throw new UnsupportedConstructException($"field {field.Name} of explicit-layout {type.Name} has no FieldOffset");
            }
            else if (declared.Kind == LayoutKind.Sequential)
            {
                offset = Align(end, effective);
            }
            else
            {
                throw new UnsupportedConstructException($"struct {type.ToDisplayString()} has auto layout; use Sequential or Explicit");
            }
            placed.Add((field, offset));
            end = Math.Max(end, offset + size);
        }
        var total = Math.Max(Align(Math.Max(end, 1), alignment), declared.Size);
        return new StructLayout(total, alignment, placed);
    }

    private (int Size, int Alignment) FieldShape(IFieldSymbol field)
    {
        if (field.IsFixedSizeBuffer && field.Type is IPointerTypeSymbol element)
        {
            var elementSize = SizeOf(element.PointedAtType);
            return (elementSize * field.FixedSize, AlignmentOf(element.PointedAtType));
        }
        return (SizeOf(field.Type), AlignmentOf(field.Type));
    }

    private static int Align(int value, int alignment) => (value + alignment - 1) / alignment * alignment;

    private sealed record DeclaredLayout(LayoutKind Kind, int Pack, int Size, Dictionary<string, int> Offsets);

    private DeclaredLayout ReadDeclaredLayout(INamedTypeSymbol type, List<IFieldSymbol> fields) =>
        type.Locations.Any(l => l.IsInSource) ? ReadFromSource(type, fields) : ReadFromMetadata(type);

    private static DeclaredLayout ReadFromSource(INamedTypeSymbol type, List<IFieldSymbol> fields)
    {
        var kind = LayoutKind.Sequential;
        int pack = 0, size = 0;
        var attribute = type.GetAttributes().FirstOrDefault(a =>
            a.AttributeClass?.ToDisplayString() == "System.Runtime.InteropServices.StructLayoutAttribute");
        if (attribute != null)
        {
            if (attribute.ConstructorArguments is [{ Value: { } k }]) kind = (LayoutKind)Convert.ToInt32(k);
            foreach (var (name, value) in attribute.NamedArguments)
            {
                if (name == "Pack" && value.Value is int p) pack = p;
                if (name == "Size" && value.Value is int s) size = s;
            }
        }
        var offsets = new Dictionary<string, int>();
        foreach (var field in fields)
        {
            var offset = field.GetAttributes().FirstOrDefault(a =>
                a.AttributeClass?.ToDisplayString() == "System.Runtime.InteropServices.FieldOffsetAttribute");
            if (offset?.ConstructorArguments is [{ Value: int o }]) offsets[field.Name] = o;
        }
        return new DeclaredLayout(kind, pack, size, offsets);
    }

    private DeclaredLayout ReadFromMetadata(INamedTypeSymbol type)
    {
        if (compilation.GetMetadataReference(type.ContainingAssembly) is not PortableExecutableReference reference
            || reference.GetMetadata() is not AssemblyMetadata assembly)
            throw new UnsupportedConstructException($"the metadata of {type.ToDisplayString()} is not available to read its layout");
        var reader = assembly.GetModules()[0].GetMetadataReader();
        foreach (var handle in reader.TypeDefinitions)
        {
            var definition = reader.GetTypeDefinition(handle);
            if (!IsSameType(reader, definition, type)) continue;
            var kind = (definition.Attributes & TypeAttributes.LayoutMask) switch
            {
                TypeAttributes.ExplicitLayout => LayoutKind.Explicit,
                TypeAttributes.SequentialLayout => LayoutKind.Sequential,
                _ => LayoutKind.Auto,
            };
            var typeLayout = definition.GetLayout();
            var offsets = new Dictionary<string, int>();
            foreach (var fieldHandle in definition.GetFields())
            {
                var field = reader.GetFieldDefinition(fieldHandle);
                var offset = field.GetOffset();
                if (offset >= 0) offsets[reader.GetString(field.Name)] = offset;
            }
            return new DeclaredLayout(kind, typeLayout.PackingSize, typeLayout.Size, offsets);
        }
        throw new UnsupportedConstructException($"type {type.ToDisplayString()} is not in the metadata of {type.ContainingAssembly.Name}");
    }

    private static bool IsSameType(MetadataReader reader, TypeDefinition definition, INamedTypeSymbol type)
    {
        if (reader.GetString(definition.Name) != type.MetadataName) return false;
        var declaring = definition.GetDeclaringType();
        if (type.ContainingType is { } containing)
            return !declaring.IsNil && IsSameType(reader, reader.GetTypeDefinition(declaring), containing);
        var ns = type.ContainingNamespace.IsGlobalNamespace ? "" : type.ContainingNamespace.ToDisplayString();
        return declaring.IsNil && reader.GetString(definition.Namespace) == ns;
    }
}
