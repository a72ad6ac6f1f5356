using BpfSharp.Compiler.FrontEnd;

namespace BpfSharp.Compiler.Tests.FrontEnd;

/// <summary>
/// <see cref="BpfFrontEnd.AnalyzeCompiled"/>, for sources the C# compiler has already compiled without errors: it binds only
/// what the programs reach, and gives <see cref="BpfFrontEnd.Analyze(Microsoft.CodeAnalysis.CSharp.CSharpCompilation, CancellationToken)"/>'s
/// verdict whenever the program fails or reaches code that does not bind.
/// </summary>
public class AnalyzeCompiledTests
{
    private const string Program = """
        using BpfSharp;
        public static class P
        {
            [Xdp]
            public static XdpAction R(XdpContext c) => Verdict(c.IngressIfindex);

            private static XdpAction Verdict(uint index) => index == 1 ? XdpAction.Pass : XdpAction.Drop;
        }
        """;

    [Fact]
    public void Valid_program_gives_the_same_model_as_the_full_check()
    {
        var full = BpfFrontEnd.Analyze(TestCompilations.Compile(Program));
        var compiled = BpfFrontEnd.AnalyzeCompiled(TestCompilations.Compile(Program));

        Assert.Empty(compiled.Diagnostics);
        Assert.Equal(
            full.Model!.Methods.Select(m => m.ToDisplayString()),
            compiled.Model!.Methods.Select(m => m.ToDisplayString()));
    }

    [Fact]
    public void Code_no_program_reaches_is_not_checked_for_CSharp_errors()
    {
        // Only a C# compiler that has already accepted the sources may skip the check: this one does not bind Userspace.
        string source = Program + "public static class Userspace { public static int Broken() => missing; }";

        Assert.Contains(BpfFrontEnd.Analyze(TestCompilations.Compile(source)).Diagnostics, d => d.Id == "CS0103");
        var compiled = BpfFrontEnd.AnalyzeCompiled(TestCompilations.Compile(source));
        Assert.NotNull(compiled.Model);
        Assert.Empty(compiled.Diagnostics);
    }

    [Fact]
    public void Reached_code_that_does_not_bind_gets_the_CSharp_errors_of_the_full_check()
    {
        string source = """
            using BpfSharp;
            public static class P
            {
                [Xdp]
                public static XdpAction R(XdpContext c) => GeneratedElsewhere.Verdict(c);
            }
            """;

        var full = BpfFrontEnd.Analyze(TestCompilations.Compile(source));
        var compiled = BpfFrontEnd.AnalyzeCompiled(TestCompilations.Compile(source));

        Assert.Null(compiled.Model);
        Assert.Contains(compiled.Diagnostics, d => d.Id == "CS0103");
        Assert.Equal(full.Diagnostics.Select(d => d.ToString()), compiled.Diagnostics.Select(d => d.ToString()));
    }

    [Fact]
    public void Reached_signature_with_an_unknown_type_gets_the_CSharp_errors_of_the_full_check()
    {
        string source = """
            using BpfSharp;
            public static class P
            {
                [Xdp]
                public static XdpAction R(XdpContext c) { Ignore(default); return XdpAction.Pass; }

                private static void Ignore(GeneratedStruct value) { }
            }
            """;

        var compiled = BpfFrontEnd.AnalyzeCompiled(TestCompilations.Compile(source));

        Assert.Null(compiled.Model);
        Assert.Contains(compiled.Diagnostics, d => d.Id == "CS0246");
    }

    [Fact]
    public void Subset_violation_gets_the_same_diagnostics_as_the_full_check()
    {
        string source = """
            using BpfSharp;
            public static class P
            {
                [Xdp]
                public static XdpAction R(XdpContext c)
                {
                    var buffer = new byte[4];
                    return buffer.Length == 4 ? XdpAction.Pass : XdpAction.Drop;
                }
            }
            public static class Userspace { public static int Broken() => missing; }
            """;

        var full = BpfFrontEnd.Analyze(TestCompilations.Compile(source));
        var compiled = BpfFrontEnd.AnalyzeCompiled(TestCompilations.Compile(source));

        Assert.Null(compiled.Model);
        Assert.Equal(full.Diagnostics.Select(d => d.ToString()), compiled.Diagnostics.Select(d => d.ToString()));
    }
}
