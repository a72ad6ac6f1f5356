using BpfSharp.Compiler.Tests.Verify;
using BpfSharp.Loader;
using BpfSharp.Testing;

namespace BpfSharp.Compiler.Tests.Packaging;

/// <summary>
/// Projects created from the packed template, built from the packages alone: the object is built, loaded in the kernel
/// and the template's own tests pass; the packaged analyzer reports BPFnnnn from the C# compile itself; the packaged
/// verifier turns a kernel refusal into BPF0200 at the C# line with <c>-p:BpfVerify=true</c>.
/// </summary>
public class TemplateProjectTests(PackagedTemplate template) : IClassFixture<PackagedTemplate>
{
    [KernelFact]
    public void A_project_from_the_template_builds_its_object_from_the_packages_alone_and_its_tests_pass()
    {
        string solution = template.CreateProject("Acme.Filter");
        DotnetCommand.Run(solution, PackagedTemplate.Long, "build", "Acme.Filter.Tests", "-c", "Release");

        string built = Path.Combine(solution, "Acme.Filter", "bin", "Release", "net10.0", "Acme.Filter.bpf.o");
        Assert.True(File.Exists(built), $"the program project did not write {built}");
        Assert.True(File.Exists(Path.Combine(solution, "Acme.Filter.Tests", "bin", "Release", "net10.0", "Acme.Filter.bpf.o")),
            "the object was not copied beside the tests");
        Assert.Empty(Directory.GetFiles(Path.Combine(solution, "Acme.Filter.Tests", "obj"), "*.bpf.o", SearchOption.AllDirectories));
        using (var opened = BpfObject.Open(built))
        using (var loaded = opened.Load())
            Assert.Equal("Filter", Assert.Single(loaded.Programs).Name);

        string results = DotnetCommand.Run(solution, PackagedTemplate.Long, "test", "Acme.Filter.Tests", "-c", "Release", "--no-build");
        Assert.Matches(@"Failed:\s+0, Passed:\s+3, Skipped:\s+0", results);
    }

    [Fact]
    public void A_subset_violation_is_reported_by_the_csharp_compile_through_the_packaged_analyzer()
    {
        string solution = template.CreateProject("Acme.Lint");
        string violation = Path.Combine(solution, "Acme.Lint", "Violation.cs");
        File.WriteAllText(violation, """
            using BpfSharp;

            namespace Acme.Lint;

            public static class Violation
            {
                [Xdp]
                public static XdpAction Allocate(XdpContext ctx) => new object() is null ? XdpAction.Drop : XdpAction.Pass;
            }
            """);

        // With the BpfSharp compiler step switched off, only the C# compiler, running the analyzer, can report BPF0001.
        var (exitCode, output, error) = DotnetCommand.TryRun(solution, PackagedTemplate.Long,
            "build", "Acme.Lint", "-c", "Release", "-p:BpfSharpEnabled=false");

        Assert.NotEqual(0, exitCode);
        Assert.Contains($"{violation}(8,57): error BPF0001:", output);
        Assert.DoesNotContain("CS9057", output + error);
        Assert.DoesNotContain("AD0001", output + error);
    }

    [KernelFact]
    public void With_BpfVerify_a_program_the_kernel_refuses_fails_the_build_at_its_CSharp_line_through_the_packaged_verifier()
    {
        string solution = template.CreateProject("Acme.Refused");
        string program = Path.Combine(solution, "Acme.Refused", "PortFilter.cs");
        File.WriteAllText(program, BpfVerifyTests.ReadPastTheCheckedHeader);

        var (exitCode, output, error) = DotnetCommand.TryRun(solution, PackagedTemplate.Long,
            "build", "Acme.Refused", "-c", "Release", "-p:BpfVerify=true");

        Assert.NotEqual(0, exitCode);
        Assert.Contains($"{program}(9,9): error BPF0200:", output);
        Assert.Contains("ctx.Header<T>(offset)", output);
        Assert.DoesNotContain("BPF0201", output + error);
    }
}
