namespace Electrode.Vr.Wire;

/// <summary>Why a datagram could not be decoded. <see cref="None"/> means it was.</summary>
public enum DecodeError
{
    /// <summary>Decoded.</summary>
    None,

    /// <summary>The datagram ends before a field it announces.</summary>
    Truncated,

    /// <summary>The first u32 is neither magic.</summary>
    BadMagic,

    /// <summary>The datagram is a fragment; feed it to a <see cref="FragmentReassembler"/>.</summary>
    IsFragment,

    /// <summary>The type-name length is zero or above <see cref="DatagramLayout.MaxTypeNameLength"/>.</summary>
    BadTypeNameLength,

    /// <summary>The type name is not a known message type.</summary>
    UnknownType,

    /// <summary>The body length disagrees with the datagram's size or the message form.</summary>
    BadBodyLength,

    /// <summary>The body is not valid protobuf for the named type.</summary>
    MalformedBody,

    /// <summary>The body parsed but lacks a required field.</summary>
    MissingRequiredFields,

    /// <summary>A fragment that <see cref="FragmentReassembler"/> refused (malformed, inconsistent or beyond its limits).</summary>
    FragmentRejected,
}
