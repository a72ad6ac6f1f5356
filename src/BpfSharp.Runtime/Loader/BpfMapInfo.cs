namespace BpfSharp.Loader;

/// <summary>A map as the object file describes it (plus any pin path set before load).</summary>
/// <param name="Name">The map's name; libbpf names data-section maps like <c>obj.rodata</c>.</param>
/// <param name="Type">The kernel map type.</param>
/// <param name="KeySize">Key size in bytes.</param>
/// <param name="ValueSize">Value size in bytes (for per-CPU maps, the size of one CPU's value).</param>
/// <param name="MaxEntries">Capacity in entries (for ring buffers, the size in bytes).</param>
/// <param name="Flags">The map's creation flags.</param>
/// <param name="IsDataSection">Whether the map holds a global-variable section (<c>.rodata</c>, <c>.data</c>, <c>.bss</c>).</param>
/// <param name="PinPath">Where the map will be pinned or reused from on load, or null.</param>
public sealed record BpfMapInfo(
    string Name,
    BpfMapType Type,
    int KeySize,
    int ValueSize,
    int MaxEntries,
    uint Flags,
    bool IsDataSection,
    string? PinPath);
