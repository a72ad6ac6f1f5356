using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace BpfSharp.Compiler.Model;

/// <summary>
/// The checked program: everything the code generator needs, as the front end found it: the Roslyn compilation, the
/// program entry points, the methods the subset checker reached from them, the maps and the global variables. The front
/// end builds it; the code generator only reads it and compiles exactly <see cref="Methods"/>.
/// </summary>
/// <param name="Compilation">The program sources with their references, free of C# errors and subset violations.</param>
/// <param name="EntryPoints">Methods marked with a program attribute, in source order.</param>
/// <param name="Methods">
/// The program's methods reachable from the entry points (entry points first), as the subset checker found them; a
/// generic method appears once per instance, as the constructed method of its type arguments.
/// </param>
/// <param name="Maps">Static map fields marked <c>[Map]</c>, in source order.</param>
/// <param name="Globals">Static configuration fields (<c>static readonly</c> become <c>.rodata</c>), in source order.</param>
/// <param name="License">Contents of the <c>license</c> section.</param>
public sealed record ProgramModel(
    CSharpCompilation Compilation,
    IReadOnlyList<EntryPoint> EntryPoints,
    IReadOnlyList<IMethodSymbol> Methods,
    IReadOnlyList<MapDefinition> Maps,
    IReadOnlyList<GlobalVariable> Globals,
    string License)
{
    /// <summary>
    /// Directory of the project, to which debug info and BTF make source file names relative (so objects do not depend
    /// on where the project was built). When null, the common directory of the compilation's source files is used.
    /// </summary>
    public string? ProjectDirectory { get; init; }
}

/// <summary>Kind of BPF program an entry point is.</summary>
public enum ProgramKind
{
    /// <summary>XDP (<c>BpfSharp.XdpAttribute</c>), context <c>struct xdp_md</c>.</summary>
    Xdp,
    /// <summary>TC classifier (<c>BpfSharp.TcAttribute</c>), context <c>struct __sk_buff</c>.</summary>
    Tc,
}

/// <summary>A program entry point.</summary>
/// <param name="Method">The static method.</param>
/// <param name="Section">ELF section from its attribute.</param>
/// <param name="Kind">Program kind.</param>
public sealed record EntryPoint(IMethodSymbol Method, string Section, ProgramKind Kind);

/// <summary>A map: a static field of a BpfSharp map type marked <c>[Map]</c>, with its constructor arguments read as constants.</summary>
/// <param name="Field">The field.</param>
/// <param name="Name">Object name (the field name unless <c>[Map(Name = ...)]</c>).</param>
/// <param name="Kind">Kernel map type.</param>
/// <param name="KeyType">Key type (u32 for arrays; null for ring buffers).</param>
/// <param name="ValueType">Value type (u32 for program arrays; null for ring buffers).</param>
/// <param name="MaxEntries">Max entries, or the size in bytes of a ring buffer.</param>
/// <param name="Pinning">Pinning mode.</param>
/// <param name="Flags">Creation flags (<c>map_flags</c>).</param>
public sealed record MapDefinition(
    IFieldSymbol Field,
    string Name,
    MapKind Kind,
    ITypeSymbol? KeyType,
    ITypeSymbol? ValueType,
    int MaxEntries,
    MapPinning Pinning,
    MapFlags Flags = MapFlags.None);

/// <summary>A static field that programs read as configuration.</summary>
/// <param name="Field">The field.</param>
/// <param name="InitialValue">Its constant initial value (a boxed primitive), or null for zero.</param>
/// <param name="ReadOnly">True for <c>static readonly</c> (<c>.rodata</c>, settable by the loader before load).</param>
public sealed record GlobalVariable(IFieldSymbol Field, object? InitialValue, bool ReadOnly);
