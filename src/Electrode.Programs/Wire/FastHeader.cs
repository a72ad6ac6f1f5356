using System.Runtime.InteropServices;

namespace Electrode.Programs.Wire;

/// <summary>
/// The 12-byte header after the type name that carries what the kernel needs without parsing protobuf.
/// For a Prepare: view, last op of the batch, batch start. For a PrepareOK: view, op, replica index.
/// </summary>
[StructLayout(LayoutKind.Sequential, Pack = 1)]
public struct FastHeader
{
    /// <summary>Bit of <see cref="ViewAndFlags"/> by which the sender asks the egress path to broadcast.</summary>
    public const uint Broadcast = 1u << 31;

    /// <summary>Bit of <see cref="ViewAndFlags"/> by which the quorum path marks the PrepareOK completing a quorum.</summary>
    public const uint Certified = 1u << 30;

    /// <summary>The view is the low 30 bits of <see cref="ViewAndFlags"/>.</summary>
    public const uint ViewMask = Certified - 1;

    /// <summary>Word 0: view in the low 30 bits, <see cref="Broadcast"/> and <see cref="Certified"/> above.</summary>
    public uint ViewAndFlags;

    /// <summary>Word 1: the last op of a Prepare's batch, or the op a PrepareOK acknowledges.</summary>
    public uint Op;

    /// <summary>Word 2: the first op of a Prepare's batch, or the index of the replica sending a PrepareOK.</summary>
    public uint StartOrReplica;
}
