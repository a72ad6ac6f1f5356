namespace Electrode.Vr.Wire;

/// <summary>What became of one fragment handed to a <see cref="FragmentReassembler"/>.</summary>
public enum ReassemblyStatus
{
    /// <summary>Stored; the message still lacks fragments.</summary>
    Incomplete,

    /// <summary>The message is whole; <see cref="ReassemblyResult.Datagram"/> holds it.</summary>
    Complete,

    /// <summary>The fragment was malformed or beyond the limits and was dropped.</summary>
    Rejected,
}

/// <summary>Outcome of one fragment: still incomplete, a whole datagram, or a rejection with its reason.</summary>
/// <param name="Status">What happened.</param>
/// <param name="Datagram">On completion, the whole datagram, leading <see cref="Programs.Wire.WireConstants.Magic"/> included, ready for <see cref="MessageDecoder"/>.</param>
/// <param name="Detail">On rejection, why.</param>
public readonly record struct ReassemblyResult(ReassemblyStatus Status, byte[]? Datagram, string? Detail)
{
    internal static ReassemblyResult Incomplete => new(ReassemblyStatus.Incomplete, null, null);

    internal static ReassemblyResult Rejected(string detail) => new(ReassemblyStatus.Rejected, null, detail);
}
