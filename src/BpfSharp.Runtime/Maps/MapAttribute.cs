namespace BpfSharp;

/// <summary>
/// Marks a <c>static readonly</c> field of a map type as a BPF map. The compiler emits it into the <c>.maps</c>
/// section with BTF (libbpf's <c>__uint</c>/<c>__type</c> form); in-process, the field is a descriptor whose storage
/// belongs to the host running the program.
/// </summary>
[AttributeUsage(AttributeTargets.Field, Inherited = false)]
public sealed class MapAttribute : Attribute
{
    /// <summary>Name of the map in the object; the field's name when not set. At most 15 characters (BPF_OBJ_NAME_LEN - 1).</summary>
    public string? Name { get; init; }

    /// <summary>Whether libbpf pins the map (and reuses a pinned one) by name.</summary>
    public MapPinning Pinning { get; init; }

    /// <summary>Creation flags of the map (<c>map_flags</c>); only an <see cref="ArrayMap{TValue}"/> takes <see cref="MapFlags.Mmapable"/>.</summary>
    public MapFlags Flags { get; init; }
}

/// <summary>Map creation flags (<c>BPF_F_*</c>) a program may declare.</summary>
[Flags]
public enum MapFlags
{
    /// <summary>No flag.</summary>
    None = 0,

    /// <summary>
    /// <c>BPF_F_MMAPABLE</c>: userspace may map the values of an array map into its memory, and then read, write and
    /// exchange them atomically where the programs do (see <c>BpfMapHandle.MapArray</c>); in-process, an array map's
    /// values are in stable native memory already (<c>ArrayMapView.ElementPointer</c>).
    /// </summary>
    Mmapable = 1 << 10,
}

/// <summary>libbpf's pinning modes (<c>LIBBPF_PIN_*</c>).</summary>
public enum MapPinning
{
    /// <summary>Not pinned.</summary>
    None = 0,
    /// <summary>Pinned by name under the object's pin root; an existing pin is reused.</summary>
    ByName = 1,
}
