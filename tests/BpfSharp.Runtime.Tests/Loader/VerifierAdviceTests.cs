using BpfSharp.Loader;

namespace BpfSharp.Runtime.Tests.Loader;

public class VerifierAdviceTests
{
    /// <summary>Verifier messages as the kernel (6.x) prints them, with the kind each must map to and a phrase its advice must hold.</summary>
    public static TheoryData<string, VerifierRejection, string> Messages => new()
    {
        { "invalid access to packet, off=14 size=1, R1(id=0,off=14,r=0)", VerifierRejection.PacketAccess, "ctx.Header<T>(offset)" },
        { "R3 offset is outside of the packet", VerifierRejection.PacketAccess, "ctx.DataEnd" },
        { "invalid size of register spill", VerifierRejection.RegisterSpill, "locals" },
        { "invalid size of register fill", VerifierRejection.RegisterSpill, "locals" },
        { "back-edge from insn 12 to 5", VerifierRejection.UnboundedLoop, "constant" },
        { "infinite loop detected at insn 7", VerifierRejection.UnboundedLoop, "constant" },
        { "The sequence of 8193 jumps is too complex.", VerifierRejection.UnboundedLoop, "constant" },
        { "BPF program is too large. Processed 1000001 insn", VerifierRejection.UnboundedLoop, "lower N" },
        { "R2 min value is negative, either use unsigned or 'var &= const'", VerifierRejection.UnboundedRange, "mask" },
        { "R1 unbounded memory access, make sure to bounds check any such access", VerifierRejection.UnboundedRange, "mask" },
        { "Unreleased reference id=3 alloc_insn=9", VerifierRejection.UnreleasedReference, "Submit or Discard" },
        { "R0 invalid mem access 'map_value_or_null'", VerifierRejection.NullableMapValue, "null" },
        { "R0 invalid mem access 'ringbuf_mem_or_null'", VerifierRejection.NullableMapValue, "null" },
        { "invalid access to map value, value_size=8 off=8 size=4", VerifierRejection.MapValueAccess, "fixed buffers" },
        { "invalid indirect read from stack R2 off -16+0 size 16", VerifierRejection.UninitialisedStack, "default" },
        { "R3 !read_ok", VerifierRejection.UninitialisedStack, "initialise" },
        { "misaligned stack access off 0+-13+0 size 4", VerifierRejection.MisalignedAccess, "aligned" },
        { "combined stack size of 2 calls is 544. Too large", VerifierRejection.StackTooLarge, "512 bytes" },
    };

    [Theory]
    [MemberData(nameof(Messages))]
    public void A_known_verifier_message_maps_to_its_kind_and_advice_in_CSharp_terms(string message, VerifierRejection kind, string phrase)
    {
        var log = $"0: R1=ctx() R10=fp0\n; int x = *p; @ Program.cs:12\n1: (61) r2 = *(u32 *)(r1 +0)\n{message}\nprocessed 4 insns\n";

        var advice = VerifierAdvice.For(log);

        Assert.NotNull(advice);
        Assert.Equal(kind, advice.Kind);
        Assert.Equal(message, advice.VerifierMessage);
        Assert.Contains(phrase, advice.Advice);
    }

    [Fact]
    public void The_last_known_message_of_the_log_decides_because_the_verifier_stops_at_its_first_error()
    {
        var log = "R0 invalid mem access 'map_value_or_null'\nsome state\nUnreleased reference id=2 alloc_insn=4\n";

        Assert.Equal(VerifierRejection.UnreleasedReference, VerifierAdvice.For(log)?.Kind);
    }

    [Fact]
    public void A_log_without_a_known_refusal_has_no_advice()
    {
        Assert.Null(VerifierAdvice.For("0: (b7) r0 = 2\n1: (95) exit\nprocessed 2 insns\n"));
        Assert.Null(VerifierAdvice.For(""));
    }
}
