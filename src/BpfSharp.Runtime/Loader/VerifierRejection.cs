namespace BpfSharp.Loader;

/// <summary>The kinds of verifier refusal a BpfSharp program commonly meets, each with advice in C# terms (<see cref="VerifierAdvice"/>).</summary>
public enum VerifierRejection
{
    /// <summary>A packet read or write the verifier could not prove to lie between <c>data</c> and <c>data_end</c>.</summary>
    PacketAccess,

    /// <summary>A register spilled to or filled from the stack with a width the verifier refuses.</summary>
    RegisterSpill,

    /// <summary>A loop whose end the verifier could not prove, or a program too long to explore.</summary>
    UnboundedLoop,

    /// <summary>A length or offset that may be negative or unbounded when used to reach memory.</summary>
    UnboundedRange,

    /// <summary>A ring-buffer record (or another kernel reference) still held when the program returns.</summary>
    UnreleasedReference,

    /// <summary>A map value dereferenced before its pointer was tested against null.</summary>
    NullableMapValue,

    /// <summary>A map-value access outside the value's size.</summary>
    MapValueAccess,

    /// <summary>Stack bytes read before they were written.</summary>
    UninitialisedStack,

    /// <summary>A stack access at an offset that is not a multiple of its size.</summary>
    MisalignedAccess,

    /// <summary>The stack frames of the program and its BPF-to-BPF calls exceed 512 bytes.</summary>
    StackTooLarge,
}
