using BpfSharp.Compiler.Diagnostics;
using BpfSharp.Compiler.Model;
using BpfSharp.Compiler.Subset;
using BpfSharp.Compiler.Surface;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace BpfSharp.Compiler.FrontEnd;

/// <summary>
/// Finds the <c>[Map]</c> fields and reads each descriptor's shape: kind, key and value types, the constructor argument
/// (max entries, or a ring buffer's size) as a constant, name, pinning and flags (BPF0101-BPF0103, BPF0109).
/// </summary>
internal static class MapDiscovery
{
    /// <summary>BPF_OBJ_NAME_LEN - 1: the longest object name the kernel keeps.</summary>
    public const int MaxNameLength = 15;

    private const int PageSize = 4096;

    public static List<MapDefinition> Find(Compilation compilation, RuntimeSymbols runtime, List<Diagnostic> diagnostics)
    {
        var maps = new List<MapDefinition>();
        var fields = SourceSymbols.Members(compilation).OfType<IFieldSymbol>().Where(runtime.HasMapAttribute);
        foreach (var field in SourceOrder.Sort(fields, compilation))
        {
            var map = Read(field, compilation, runtime, diagnostics);
            if (map is null) continue;
            if (maps.Any(m => m.Name == map.Name))
            {
                diagnostics.Add(Diagnostic.Create(BpfDiagnostics.MapName, field.Locations[0], map.Name, "is already the name of another map"));
                continue;
            }

            maps.Add(map);
        }

        return maps;
    }

    private static MapDefinition? Read(IFieldSymbol field, Compilation compilation, RuntimeSymbols runtime, List<Diagnostic> diagnostics)
    {
        var location = field.Locations[0];
        var kind = runtime.MapKindOf(field.Type);
        string mapTypes = "ArrayMap, HashMap, LruHashMap, PerCpuArrayMap, RingBuffer, ProgramArray";
        if (!field.IsStatic || !field.IsReadOnly || kind is null)
        {
            diagnostics.Add(Diagnostic.Create(BpfDiagnostics.MapField, location, field.Name, mapTypes));
            return null;
        }

        var attribute = field.GetAttributes().First(a => SymbolEqualityComparer.Default.Equals(a.AttributeClass, runtime.MapAttribute));
        string name = field.Name;
        var pinning = MapPinning.None;
        var flags = MapFlags.None;
        foreach (var (argument, setting) in attribute.NamedArguments)
        {
            if (argument == nameof(MapAttribute.Name) && setting.Value is string given) name = given;
            if (argument == nameof(MapAttribute.Pinning) && setting.Value is int mode) pinning = (MapPinning)mode;
            if (argument == nameof(MapAttribute.Flags) && setting.Value is int declared) flags = (MapFlags)declared;
        }

        bool valid = true;
        if (name.Length is 0 or > MaxNameLength)
        {
            diagnostics.Add(Diagnostic.Create(BpfDiagnostics.MapName, location, name, $"must have 1 to {MaxNameLength} characters"));
            valid = false;
        }

        if (flags.HasFlag(MapFlags.Mmapable) && kind != MapKind.Array)
        {
            diagnostics.Add(Diagnostic.Create(BpfDiagnostics.MapFlag, location, field.Name, nameof(MapFlags.Mmapable), "only an ArrayMap can be mapped into userspace"));
            valid = false;
        }
        if ((flags & ~MapFlags.Mmapable) != 0)
        {
            diagnostics.Add(Diagnostic.Create(BpfDiagnostics.MapFlag, location, field.Name, $"0x{(int)flags:x}", "it is not a MapFlags value"));
            valid = false;
        }

        int? size = ReadSize(field, compilation, kind.Value, diagnostics);
        // Key and value types need no check here: the map types constrain them to unmanaged, so C# rejects others.
        var (key, value) = ElementTypes((INamedTypeSymbol)field.Type, kind.Value, compilation);

        return valid && size is int maxEntries ? new MapDefinition(field, name, kind.Value, key, value, maxEntries, pinning, flags) : null;
    }

    private static int? ReadSize(IFieldSymbol field, Compilation compilation, MapKind kind, List<Diagnostic> diagnostics)
    {
        var location = field.Locations[0];
        int? Fail(string problem)
        {
            diagnostics.Add(Diagnostic.Create(BpfDiagnostics.MapSize, location, field.Name, problem));
            return null;
        }

        var declarator = field.DeclaringSyntaxReferences.Select(r => r.GetSyntax()).OfType<VariableDeclaratorSyntax>().FirstOrDefault();
        if (declarator?.Initializer is not { } initializer) return Fail("it has no initializer 'new(N)'");
        var operation = compilation.GetSemanticModel(declarator.SyntaxTree).GetOperation(initializer) as IFieldInitializerOperation;
        var value = operation?.Value;
        while (value is IConversionOperation conversion) value = conversion.Operand;
        if (value is not IObjectCreationOperation { Arguments: [var argument] }) return Fail("it must be initialised with 'new(N)'");
        var constant = argument.Value.ConstantValue;
        if (!constant.HasValue || constant.Value is not int size) return Fail("the size is not an int constant");
        if (size <= 0) return Fail($"the size {size} is not positive");
        if (kind == MapKind.RingBuffer && (size % PageSize != 0 || (size & (size - 1)) != 0))
            return Fail($"a ring buffer's size {size} must be a power of two and a multiple of {PageSize}");
        return size;
    }

    private static (ITypeSymbol? Key, ITypeSymbol? Value) ElementTypes(INamedTypeSymbol type, MapKind kind, Compilation compilation)
    {
        var u32 = compilation.GetSpecialType(SpecialType.System_UInt32);
        return kind switch
        {
            MapKind.Array or MapKind.PerCpuArray => (u32, type.TypeArguments[0]),
            MapKind.Hash or MapKind.LruHash => (type.TypeArguments[0], type.TypeArguments[1]),
            MapKind.ProgramArray => (u32, u32),
            _ => (null, null),
        };
    }
}
