namespace BpfSharp.Compiler.Tests.CodeGen;

public class ChecksumLoweringTests
{
    private const string Source = """
        using BpfSharp;
        using BpfSharp.Net;

        public static unsafe class Headers
        {
            [Xdp]
            public static XdpAction Sum(XdpContext ctx)
            {
                Ipv4Header* ip = ctx.Header<Ipv4Header>(14);
                if (ip == null) return XdpAction.Aborted;
                ip->ChecksumBE = 0;
                ip->ChecksumBE = Checksum.Fold(Checksum.Diff(null, 0, ip, 20, 0));
                return XdpAction.Tx;
            }

            [Xdp]
            public static XdpAction Refused(XdpContext ctx)
            {
                Ipv4Header* ip = ctx.Header<Ipv4Header>(14);
                if (ip == null) return XdpAction.Aborted;
                return Checksum.Diff(null, 0, ip, 18, 0) < 0 ? XdpAction.Drop : XdpAction.Pass;
            }
        }
        """;

    [Fact]
    public void Checksum_sizes_known_at_compile_time_are_checked_there_leaving_the_bare_helper_call_or_einval()
    {
        var sum = TestPrograms.OptimisedIrOf(Source, "Sum");
        Assert.Matches(@"call i64 inttoptr \(i64 28 to ptr\)\(ptr [^,]*null, i64 0, ptr [^,]+, i64 20, i64 0\)", sum);
        Assert.DoesNotContain("llvm.bpf.passthrough", sum);
        var refused = TestPrograms.OptimisedIrOf(Source, "Refused");
        Assert.DoesNotContain("inttoptr (i64 28 to ptr)", refused);
    }
}
