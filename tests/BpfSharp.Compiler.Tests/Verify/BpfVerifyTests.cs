using BpfSharp.Compiler.Tests.Packaging;
using BpfSharp.Testing;
using BpfSharp.Verify;

namespace BpfSharp.Compiler.Tests.Verify;

/// <summary>
/// `dotnet build -p:BpfVerify=true` on a project whose program the subset check accepts but the kernel's verifier
/// refuses (a raw pointer read past the header the program checked): a build error at the C# line, with advice.
/// </summary>
public sealed class BpfVerifyTests : IDisposable
{
    private static readonly TimeSpan BuildTimeLimit = TimeSpan.FromMinutes(5);

    private readonly string _project = Directory.CreateTempSubdirectory("bpfsharp-verify-").FullName;

    public void Dispose() => Directory.Delete(_project, recursive: true);

    /// <summary>A raw packet read past the 14 bytes the program compared against DataEnd: line 9 is what the verifier refuses.</summary>
    internal const string ReadPastTheCheckedHeader = """
        using BpfSharp;
        public static unsafe class Probe
        {
            [Xdp]
            public static XdpAction Run(XdpContext ctx)
            {
                byte* data = ctx.Data;
                if (data + 14 > ctx.DataEnd) return XdpAction.Pass;
                return data[20] == 1 ? XdpAction.Drop : XdpAction.Pass;
            }
        }
        """;

    private const string CheckedRead = """
        using BpfSharp;
        public static unsafe class Probe
        {
            [Xdp]
            public static XdpAction Run(XdpContext ctx)
            {
                byte* data = ctx.Data;
                if (data + 21 > ctx.DataEnd) return XdpAction.Pass;
                return data[20] == 1 ? XdpAction.Drop : XdpAction.Pass;
            }
        }
        """;

    private void WriteProject(string programSource)
    {
        string root = DotnetCommand.RepositoryRoot;
        File.WriteAllText(Path.Combine(_project, "Probe.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <TargetFramework>net10.0</TargetFramework>
                <AllowUnsafeBlocks>true</AllowUnsafeBlocks>
                <BpfSharpObjectName>probe.bpf.o</BpfSharpObjectName>
              </PropertyGroup>
              <ItemGroup>
                <ProjectReference Include="{root}/src/BpfSharp.Runtime/BpfSharp.Runtime.csproj" />
                <ProjectReference Include="{root}/src/BpfSharp.Compiler/BpfSharp.Compiler.csproj" ReferenceOutputAssembly="false" Private="false" />
              </ItemGroup>
              <Import Project="{root}/src/BpfSharp.Compiler/build/BpfSharp.Compiler.targets" />
            </Project>
            """);
        File.WriteAllText(Path.Combine(_project, "Probe.cs"), programSource);
    }

    private (int ExitCode, string Output) Build(params string[] properties)
    {
        var arguments = new[] { "build", "-c", DotnetCommand.Configuration, "--no-dependencies", "-nodeReuse:false" }.Concat(properties).ToArray();
        var (exitCode, output, error) = DotnetCommand.TryRun(_project, BuildTimeLimit, arguments);
        return (exitCode, output + error);
    }

    [KernelFact]
    public void A_program_the_verifier_refuses_is_a_build_error_at_its_CSharp_line_with_advice()
    {
        WriteProject(ReadPastTheCheckedHeader);

        var (exitCode, output) = Build("-p:BpfVerify=true");

        Assert.NotEqual(0, exitCode);
        string probe = Path.Combine(_project, "Probe.cs");
        Assert.Contains($"{probe}(9,9): error BPF0200:", output);
        Assert.Contains("ctx.Header<T>(offset)", output);
        Assert.Contains("the verifier said: R1 offset is outside of the packet", output);
    }

    [KernelFact]
    public void A_program_the_verifier_accepts_builds_with_BpfVerify()
    {
        WriteProject(CheckedRead);

        var (exitCode, output) = Build("-p:BpfVerify=true");

        Assert.True(exitCode == 0, output);
        Assert.DoesNotContain("BPF020", output);
    }

    [KernelFact]
    [System.Runtime.Versioning.SupportedOSPlatform("linux")]
    public void Without_BpfVerify_the_subset_accepts_the_program_and_where_programs_cannot_load_the_verifier_tool_warns_why()
    {
        WriteProject(ReadPastTheCheckedHeader);
        var (built, output) = Build();
        Assert.True(built == 0, output);
        Assert.DoesNotContain("BPF0200", output);
        string tool = typeof(ObjectVerifier).Assembly.Location;
        File.SetUnixFileMode(_project, (UnixFileMode)0b111_101_101);
        string objectPath = Path.Combine(_project, "bin", DotnetCommand.Configuration, "net10.0", "probe.bpf.o");
        // 'nobody' without capabilities: what a build on a developer's machine without root sees.
        var (exitCode, stdout, stderr) = ExternalCommand.TryRun("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "--inh-caps=-all",
            Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet", tool, objectPath, _project);

        Assert.True(exitCode == 0, stdout + stderr);
        Assert.Contains($"{objectPath}: warning BPF0201:", stdout);
        Assert.Contains("CAP_BPF", stdout);
    }

    [Fact]
    public void A_failing_source_line_becomes_file_line_and_the_column_where_its_code_starts()
    {
        File.WriteAllText(Path.Combine(_project, "P.cs"), "class P\n{\n        int x;\n}\n");

        Assert.Equal($"{Path.Combine(_project, "P.cs")}(3,9)", ObjectVerifier.SourceOrigin("P.cs:3: int x;", _project));
        Assert.Equal($"{Path.Combine(_project, "Gone.cs")}(7,1)", ObjectVerifier.SourceOrigin("Gone.cs:7: return 1;", _project));
        Assert.Null(ObjectVerifier.SourceOrigin(null, _project));
        Assert.Null(ObjectVerifier.SourceOrigin("no line here", _project));
    }

    [Theory]
    [InlineData(ObjectVerifier.RefusedId)]
    [InlineData(ObjectVerifier.NotVerifiedId)]
    public void The_verifier_ids_have_their_section_in_docs_diagnostics_md(string id)
    {
        string docs = File.ReadAllText(Path.Combine(DotnetCommand.RepositoryRoot, "docs", "diagnostics.md"));

        Assert.Contains("\n## " + id + "\n", docs);
    }
}
