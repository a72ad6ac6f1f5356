using Microsoft.CodeAnalysis;

namespace BpfSharp.Compiler.Surface;

/// <summary>The BpfSharp.Runtime types the compiler recognises, resolved in one compilation.</summary>
/// <param name="ProgramAttribute"><c>BpfSharp.BpfProgramAttribute</c>.</param>
/// <param name="XdpAttribute"><c>BpfSharp.XdpAttribute</c>.</param>
/// <param name="TcAttribute"><c>BpfSharp.TcAttribute</c>.</param>
/// <param name="MapAttribute"><c>BpfSharp.MapAttribute</c>.</param>
/// <param name="LicenseAttribute"><c>BpfSharp.BpfLicenseAttribute</c>.</param>
/// <param name="XdpContext"><c>BpfSharp.XdpContext</c>.</param>
/// <param name="TcContext"><c>BpfSharp.TcContext</c>.</param>
/// <param name="XdpAction"><c>BpfSharp.XdpAction</c>.</param>
/// <param name="TcAction"><c>BpfSharp.TcAction</c>.</param>
/// <param name="MapTypes">The map descriptor types (generic definitions), by kernel map kind.</param>
public sealed record RuntimeSymbols(
    INamedTypeSymbol ProgramAttribute,
    INamedTypeSymbol XdpAttribute,
    INamedTypeSymbol TcAttribute,
    INamedTypeSymbol MapAttribute,
    INamedTypeSymbol LicenseAttribute,
    INamedTypeSymbol XdpContext,
    INamedTypeSymbol TcContext,
    INamedTypeSymbol XdpAction,
    INamedTypeSymbol TcAction,
    IReadOnlyDictionary<INamedTypeSymbol, MapKind> MapTypes)
{
    /// <summary>
    /// Finds the runtime types in <paramref name="compilation"/>; null (with the metadata name of the first missing type)
    /// when BpfSharp.Runtime is not referenced.
    /// </summary>
    public static RuntimeSymbols? Resolve(Compilation compilation, out string? missingType)
    {
        missingType = null;
        string? missing = null;
        INamedTypeSymbol Get(string metadataName)
        {
            var type = compilation.GetTypeByMetadataName(metadataName);
            if (type is null) missing ??= metadataName;
            return type!;
        }

        var programAttribute = Get("BpfSharp.BpfProgramAttribute");
        var xdpAttribute = Get("BpfSharp.XdpAttribute");
        var tcAttribute = Get("BpfSharp.TcAttribute");
        var mapAttribute = Get("BpfSharp.MapAttribute");
        var licenseAttribute = Get("BpfSharp.BpfLicenseAttribute");
        var xdpContext = Get(RuntimeSurface.XdpContext);
        var tcContext = Get(RuntimeSurface.TcContext);
        var xdpAction = Get("BpfSharp.XdpAction");
        var tcAction = Get("BpfSharp.TcAction");
        var maps = RuntimeSurface.MapTypes.Select(map => (Type: Get(map.Key), Kind: map.Value)).ToList();
        if (missing is not null)
        {
            missingType = missing;
            return null;
        }

        var mapTypes = maps.ToDictionary(m => m.Type, m => m.Kind, (IEqualityComparer<INamedTypeSymbol>)SymbolEqualityComparer.Default);

        return new RuntimeSymbols(programAttribute, xdpAttribute, tcAttribute, mapAttribute,
            licenseAttribute, xdpContext, tcContext, xdpAction, tcAction, mapTypes);
    }

    /// <summary>The kernel map kind of a map descriptor type, or null when <paramref name="type"/> is not one.</summary>
    public MapKind? MapKindOf(ITypeSymbol type) =>
        type is INamedTypeSymbol named && MapTypes.TryGetValue(named.OriginalDefinition, out var kind) ? kind : null;

    /// <summary>True when <paramref name="symbol"/> carries <see cref="MapAttribute"/>.</summary>
    public bool HasMapAttribute(ISymbol symbol) =>
        symbol.GetAttributes().Any(a => SymbolEqualityComparer.Default.Equals(a.AttributeClass, MapAttribute));
}
