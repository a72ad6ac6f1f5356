namespace BpfSharp.Loader;

/// <summary>Options for opening a BPF ELF object.</summary>
public sealed record BpfObjectOpenOptions
{
    /// <summary>
    /// The object's name; libbpf derives data-section map names from it. Defaults to the file name
    /// up to its first dot, or to "bpf_object" for objects opened from memory.
    /// </summary>
    public string? ObjectName { get; init; }

    /// <summary>
    /// The bpffs directory for maps declared with <c>pinning = LIBBPF_PIN_BY_NAME</c>; libbpf's
    /// default is /sys/fs/bpf.
    /// </summary>
    public string? PinRootPath { get; init; }
}
