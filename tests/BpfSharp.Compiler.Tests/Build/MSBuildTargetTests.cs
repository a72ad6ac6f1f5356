using System.Diagnostics;
using BpfSharp.Compiler.Tests.Packaging;

namespace BpfSharp.Compiler.Tests.Build;

/// <summary>
/// The BpfSharp MSBuild target in a real `dotnet build` of a small program project created for the test: object beside
/// the dll, no recompile when nothing changed, subset errors as ordinary build errors with file and line.
/// </summary>
public sealed class MSBuildTargetTests : IDisposable
{
    private static readonly TimeSpan BuildTimeLimit = TimeSpan.FromMinutes(5);

    private readonly string _project = Directory.CreateTempSubdirectory("bpfsharp-msbuild-").FullName;

    public void Dispose() => Directory.Delete(_project, recursive: true);

    private void WriteProject(string programSource)
    {
        string root = DotnetCommand.RepositoryRoot;
        File.WriteAllText(Path.Combine(_project, "Probe.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <TargetFramework>net10.0</TargetFramework>
                <Nullable>enable</Nullable>
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

    /// <summary>Builds the probe project (its references are already built by this test run) and returns exit code and output.</summary>
    private (int ExitCode, string Output) Build(params string[] properties)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = _project,
        };
        foreach (string argument in new[] { "build", "-c", "Release", "--no-dependencies", "-nodeReuse:false", "-p:UseSharedCompilation=false" }.Concat(properties))
            start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        string output = process.StandardOutput.ReadToEnd();
        if (!process.WaitForExit(BuildTimeLimit))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"dotnet build of the probe project took longer than {BuildTimeLimit}");
        }

        return (process.ExitCode, output + error.Result);
    }

    private const string ValidProgram = """
        using BpfSharp;
        public static class Probe
        {
            [Xdp]
            public static XdpAction Run(XdpContext ctx) => ctx.IngressIfindex == 1 ? XdpAction.Pass : XdpAction.Drop;
        }
        """;

    [Fact]
    public void Build_writes_the_object_beside_the_dll_and_skips_the_compiler_when_nothing_changed()
    {
        WriteProject(ValidProgram);
        string objectPath = Path.Combine(_project, "bin", "Release", "net10.0", "probe.bpf.o");

        var first = Build();
        Assert.True(first.ExitCode == 0, first.Output);
        Assert.True(File.Exists(objectPath), first.Output);
        byte[] bytes = File.ReadAllBytes(objectPath);
        var written = File.GetLastWriteTimeUtc(Path.Combine(_project, "obj", "Release", "net10.0", "probe.bpf.o"));

        var second = Build();
        Assert.True(second.ExitCode == 0, second.Output);
        Assert.Equal(written, File.GetLastWriteTimeUtc(Path.Combine(_project, "obj", "Release", "net10.0", "probe.bpf.o")));
        Assert.Equal(bytes, File.ReadAllBytes(objectPath));
    }

    [Fact]
    public void Subset_violation_fails_the_build_with_the_diagnostic_at_its_file_and_line()
    {
        WriteProject("""
            using BpfSharp;
            public static class Probe
            {
                [Xdp]
                public static XdpAction Run(XdpContext ctx)
                {
                    var buffer = new byte[4];
                    return buffer.Length == 4 ? XdpAction.Pass : XdpAction.Drop;
                }
            }
            """);

        var (exitCode, output) = Build();

        Assert.NotEqual(0, exitCode);
        Assert.Contains($"{Path.Combine(_project, "Probe.cs")}(7,22): error BPF0001:", output);
        Assert.False(File.Exists(Path.Combine(_project, "obj", "Release", "net10.0", "probe.bpf.o")));
        Assert.DoesNotContain("MSB3030", output);
    }

    [Fact]
    public void CSharp_error_stops_the_build_at_the_CSharp_compiler_before_BpfSharp_runs()
    {
        // The BpfSharp compiler trusts CoreCompile (--csharp-compiled) and would not bind this unreached method itself.
        WriteProject(ValidProgram + "\npublic static class Userspace { public static int Broken() => missing; }");

        var (exitCode, output) = Build();

        Assert.NotEqual(0, exitCode);
        Assert.Contains($"{Path.Combine(_project, "Probe.cs")}(7,63): error CS0103:", output);
        Assert.DoesNotContain("BpfSharp could not compile", output);
        Assert.False(File.Exists(Path.Combine(_project, "obj", "Release", "net10.0", "probe.bpf.o")));
    }

    [Fact]
    public void Compiler_trusts_CoreCompile_unless_BpfSharpRecheckCSharp_is_set()
    {
        WriteProject(ValidProgram);
        string responseFile = Path.Combine(_project, "obj", "Release", "net10.0", "probe.bpf.o.rsp");

        var trusting = Build();
        Assert.True(trusting.ExitCode == 0, trusting.Output);
        Assert.Contains("\"--csharp-compiled\"", File.ReadAllLines(responseFile));
        byte[] trusted = File.ReadAllBytes(Path.Combine(_project, "bin", "Release", "net10.0", "probe.bpf.o"));

        var rechecking = Build("-p:BpfSharpRecheckCSharp=true");
        Assert.True(rechecking.ExitCode == 0, rechecking.Output);
        Assert.DoesNotContain("\"--csharp-compiled\"", File.ReadAllLines(responseFile));
        Assert.Equal(trusted, File.ReadAllBytes(Path.Combine(_project, "bin", "Release", "net10.0", "probe.bpf.o")));
    }
}
