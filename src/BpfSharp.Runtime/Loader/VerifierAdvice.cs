using System.Text.RegularExpressions;

namespace BpfSharp.Loader;

/// <summary>
/// What to change in the C# program after the verifier refused it: the kind of refusal, the verifier's own line that
/// says so, and advice written in terms of the BpfSharp API rather than of registers.
/// </summary>
/// <param name="Kind">The kind of refusal.</param>
/// <param name="VerifierMessage">The verifier log line the advice answers.</param>
/// <param name="Advice">What to write instead.</param>
public sealed partial record VerifierAdvice(VerifierRejection Kind, string VerifierMessage, string Advice)
{
    private static readonly (VerifierRejection Kind, Regex Message, string Advice)[] s_rules =
    [
        (VerifierRejection.PacketAccess, PacketAccessMessage(),
            "read packet headers with ctx.Header<T>(offset), which returns null when the header does not fit, and test the result "
            + "against null before using it; with raw pointers compare p + sizeof(T) against ctx.DataEnd before every access"),
        (VerifierRejection.RegisterSpill, RegisterSpillMessage(),
            "keep packet and map-value pointers in locals of their own pointer type (never store them in struct fields or cast "
            + "them to integers), and split the method so that fewer values are live at once"),
        (VerifierRejection.UnboundedLoop, UnboundedLoopMessage(),
            "bound the loop with a constant: for (int i = 0; i < N; i++) with a const N; leave the loop with break instead of "
            + "moving the induction variable, and lower N if the program is too large to verify"),
        (VerifierRejection.UnboundedRange, UnboundedRangeMessage(),
            "mask a length or index taken from the packet or a map before using it (len &= 0x3ff, or i % N with a constant N), "
            + "and keep it in an unsigned type so that it cannot be negative"),
        (VerifierRejection.UnreleasedReference, UnreleasedReferenceMessage(),
            "call Submit or Discard on the record RingBuffer.Reserve returned on every path after a successful Reserve, including "
            + "early returns"),
        (VerifierRejection.NullableMapValue, NullableMapValueMessage(),
            "test the pointer a map's Lookup (or a ring buffer's Reserve) returns against null before dereferencing it"),
        (VerifierRejection.MapValueAccess, MapValueAccessMessage(),
            "index fixed buffers of a map value with an index masked or compared below the buffer's length (i < Length), "
            + "so that every access stays inside the value"),
        (VerifierRejection.UninitialisedStack, UninitialisedStackMessage(),
            "initialise a struct before passing it to a helper or a map (T value = default;), so that no byte of it is unwritten"),
        (VerifierRejection.MisalignedAccess, MisalignedAccessMessage(),
            "keep struct fields naturally aligned ([StructLayout(LayoutKind.Sequential)] without Pack = 1) or read packed fields "
            + "one byte at a time"),
        (VerifierRejection.StackTooLarge, StackTooLargeMessage(),
            "keep less than 512 bytes of locals: put large structs in a per-CPU array map with one entry (PerCpuArrayMap<T>) "
            + "and work on the pointer its Lookup returns"),
    ];

    /// <summary>
    /// The advice for the refusal a verifier log ends with: the last log line that matches a known refusal, since the
    /// verifier stops at its first error. Null when the log names none of the kinds it knows.
    /// </summary>
    public static VerifierAdvice? For(string verifierLog)
    {
        ArgumentNullException.ThrowIfNull(verifierLog);
        foreach (var line in verifierLog.Split('\n').Reverse())
        {
            var trimmed = line.Trim().TrimEnd('\0');
            foreach (var (kind, message, advice) in s_rules)
                if (message.IsMatch(trimmed)) return new VerifierAdvice(kind, trimmed, advice);
        }
        return null;
    }

    [GeneratedRegex(@"invalid access to packet|offset is outside of the packet|pkt_end|cannot write into packet|invalid variable-offset access to packet", RegexOptions.IgnoreCase)]
    private static partial Regex PacketAccessMessage();

    [GeneratedRegex(@"invalid size of register (spill|fill)|corrupted spill memory|spilled ptr", RegexOptions.IgnoreCase)]
    private static partial Regex RegisterSpillMessage();

    [GeneratedRegex(@"back-edge|infinite loop|loop is not bounded|unbounded loop|sequence of \d+ jumps is too complex|program is too large", RegexOptions.IgnoreCase)]
    private static partial Regex UnboundedLoopMessage();

    [GeneratedRegex(@"R\d+ min value is negative|R\d+ unbounded memory access|R\d+ max value is outside|R\d+ min value is outside|value is outside of the allowed memory range|math between .* pointer and register with unbounded", RegexOptions.IgnoreCase)]
    private static partial Regex UnboundedRangeMessage();

    [GeneratedRegex(@"unreleased reference", RegexOptions.IgnoreCase)]
    private static partial Regex UnreleasedReferenceMessage();

    [GeneratedRegex(@"invalid mem access '(map_value_or_null|ringbuf_mem_or_null|ptr_or_null|[a-z_]*_or_null)'", RegexOptions.IgnoreCase)]
    private static partial Regex NullableMapValueMessage();

    [GeneratedRegex(@"invalid access to map value|map_value pointer and \d+ value", RegexOptions.IgnoreCase)]
    private static partial Regex MapValueAccessMessage();

    [GeneratedRegex(@"invalid (indirect )?read from stack|uninit stack|!read_ok", RegexOptions.IgnoreCase)]
    private static partial Regex UninitialisedStackMessage();

    [GeneratedRegex(@"misaligned (stack|packet|value|context)? ?access|misaligned access", RegexOptions.IgnoreCase)]
    private static partial Regex MisalignedAccessMessage();

    [GeneratedRegex(@"combined stack size|stack size \d+\. Too large|invalid (write|read) to stack R\d+ off=-\d+|stack depth", RegexOptions.IgnoreCase)]
    private static partial Regex StackTooLargeMessage();
}
