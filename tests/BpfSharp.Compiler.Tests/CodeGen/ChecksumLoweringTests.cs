using System.Text.RegularExpressions;

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

    private static string Function(string ir, string name) => Regex.Match(ir, $@"define [^\n]*@{name}\(.*?\n}}", RegexOptions.Singleline).Value;

    [Fact]
    public void Checksum_sizes_known_at_compile_time_are_checked_there_leaving_the_bare_helper_call_or_einval()
    {
        string? ir = null;
        var result = CodeGenerator.Generate(TestPrograms.Model(Source), text => ir = text);

        Assert.True(result.Success, string.Join("\n", result.Diagnostics));
        var sum = Function(ir!, "Sum");
        Assert.Matches(@"call i64 inttoptr \(i64 28 to ptr\)\(ptr [^,]*null, i64 0, ptr [^,]+, i64 20, i64 0\)", sum);
        Assert.DoesNotContain("llvm.bpf.passthrough", sum);
        var refused = Function(ir!, "Refused");
        Assert.DoesNotContain("inttoptr (i64 28 to ptr)", refused);
    }
}
