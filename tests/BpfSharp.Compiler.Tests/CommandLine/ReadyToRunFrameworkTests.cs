using System.Runtime.InteropServices;
using BpfSharp.Compiler.CommandLine;

namespace BpfSharp.Compiler.Tests.CommandLine;

public sealed class ReadyToRunFrameworkTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("bpfsharp-r2r-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private void Record(string directory, string framework) => File.WriteAllText(Path.Combine(directory, ReadyToRunFramework.RecordFileName), framework + "\n");

    [Fact]
    public void Nothing_recorded_is_no_mismatch()
    {
        Assert.Null(ReadyToRunFramework.Mismatch(_directory, "/usr/share/dotnet/shared/Microsoft.NETCore.App/10.0.12/", excludeList: null));
    }

    [Theory]
    [InlineData("/usr/share/dotnet/shared/Microsoft.NETCore.App/10.0.12/", "/usr/share/dotnet/shared/Microsoft.NETCore.App/10.0.12/")]
    [InlineData("/usr/share/dotnet/shared/Microsoft.NETCore.App/10.0.12", "/usr/share/dotnet/shared/Microsoft.NETCore.App/10.0.12/")]
    public void The_recorded_framework_is_no_mismatch(string recorded, string running)
    {
        Record(_directory, recorded);

        Assert.Null(ReadyToRunFramework.Mismatch(_directory, running, excludeList: null));
    }

    [Fact]
    public void Another_framework_is_a_mismatch_unless_Roslyns_native_code_is_already_off()
    {
        Record(_directory, "/usr/share/dotnet/shared/Microsoft.NETCore.App/10.0.11/");
        const string running = "/usr/share/dotnet/shared/Microsoft.NETCore.App/10.0.12/";

        Assert.Equal("/usr/share/dotnet/shared/Microsoft.NETCore.App/10.0.11/", ReadyToRunFramework.Mismatch(_directory, running, excludeList: null));
        Assert.Equal("/usr/share/dotnet/shared/Microsoft.NETCore.App/10.0.11/", ReadyToRunFramework.Mismatch(_directory, running, excludeList: "Other.Assembly"));
        Assert.Null(ReadyToRunFramework.Mismatch(_directory, running, excludeList: ReadyToRunFramework.RoslynAssemblies));
    }

    [Fact]
    public void The_built_compiler_records_the_framework_the_tests_run_on_so_its_Roslyn_images_are_used()
    {
        string compilerDirectory = Path.GetDirectoryName(BuiltCompiler.Assembly)!;

        Assert.True(File.Exists(Path.Combine(compilerDirectory, ReadyToRunFramework.RecordFileName)), "the ReadyToRun build writes the framework record");
        Assert.Null(ReadyToRunFramework.Mismatch(compilerDirectory, RuntimeEnvironment.GetRuntimeDirectory(), excludeList: null));
    }

    [Fact]
    public void A_compiler_whose_images_were_made_for_another_framework_runs_again_without_them_and_writes_the_same_object()
    {
        string copy = Directory.CreateDirectory(Path.Combine(_directory, "compiler")).FullName;
        string built = Path.GetDirectoryName(BuiltCompiler.Assembly)!;
        foreach (string file in Directory.GetFiles(built, "*", SearchOption.AllDirectories))
        {
            string target = Path.Combine(copy, Path.GetRelativePath(built, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
        Record(copy, Path.Combine(_directory, "another-framework"));
        string source = Path.Combine(_directory, "Counting.cs");
        File.WriteAllText(source, "using BpfSharp; public static class P { [Xdp] public static XdpAction R(XdpContext c) => c.IngressIfindex == 1 ? XdpAction.Pass : XdpAction.Drop; }");
        string references = Path.Combine(_directory, "references.rsp");
        File.WriteAllLines(references, TestCompilations.References.Select(r => "--ref=" + r));
        string withImages = Path.Combine(_directory, "with-images.bpf.o");
        string rerun = Path.Combine(_directory, "rerun.bpf.o");

        var (builtExit, builtOutput) = RunCompiler(BuiltCompiler.Assembly, ["@" + references, "--base-dir", _directory, "--out", withImages, source]);
        var (exit, output) = RunCompiler(Path.Combine(copy, "BpfSharp.Compiler.dll"), ["@" + references, "--base-dir", _directory, "--out", rerun, source]);

        Assert.True(builtExit == 0, builtOutput);
        Assert.DoesNotContain("native images were made for", builtOutput);
        Assert.True(exit == 0, output);
        Assert.Contains($"Roslyn's native images were made for the framework in {Path.Combine(_directory, "another-framework")}, not {RuntimeEnvironment.GetRuntimeDirectory()}; compiling without them", output);
        Assert.Equal(File.ReadAllBytes(withImages), File.ReadAllBytes(rerun));
    }

    private (int ExitCode, string Output) RunCompiler(string compiler, IEnumerable<string> arguments)
    {
        var (exit, output, error) = BuiltCompiler.Run(compiler, arguments, _directory,
            new Dictionary<string, string?> { [ReadyToRunFramework.ExcludeListVariable] = null });
        return (exit, output + error);
    }
}
