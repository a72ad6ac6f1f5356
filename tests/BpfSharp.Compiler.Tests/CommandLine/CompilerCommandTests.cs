using System.Text.RegularExpressions;

namespace BpfSharp.Compiler.Tests.CommandLine;

public sealed partial class CompilerCommandTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("bpfsharp-cli-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private string Write(string name, string text)
    {
        string path = Path.Combine(_directory, name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
        return path;
    }

    private (int ExitCode, string[] Lines) Run(params string[] args)
    {
        var output = new StringWriter();
        int exit = CompilerCommand.Run(args, output);
        return (exit, output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
    }

    private static IEnumerable<string> ReferenceArguments() => TestCompilations.References.SelectMany(r => new[] { "--ref", r });

    [Fact]
    public void Subset_violation_is_printed_in_MSBuild_canonical_format_with_full_path_line_and_column_and_exits_1()
    {
        Write("src/Bad.cs", """
            using BpfSharp;
            public static class P
            {
                [Xdp]
                public static XdpAction R(XdpContext c)
                {
                    var a = new byte[4];
                    return XdpAction.Pass;
                }
            }
            """);

        var (exit, lines) = Run([.. ReferenceArguments(), "--base-dir", _directory, "--check-only", "src/Bad.cs"]);

        Assert.Equal(1, exit);
        string expectedPath = Path.Combine(_directory, "src", "Bad.cs");
        Assert.Contains($"{expectedPath}(7,17): error BPF0001: 'new byte[4]' allocates on the managed heap, which a BPF program does not have", lines);
        Assert.All(lines, line => Assert.Matches(CanonicalFormat(), line));
    }

    [Fact]
    public void CSharp_errors_are_printed_with_their_CS_id()
    {
        string source = Write("Broken.cs", "public static class P { public static int R() => missing; }");

        var (exit, lines) = Run([.. ReferenceArguments(), "--check-only", source]);

        Assert.Equal(1, exit);
        Assert.Matches(@"Broken\.cs\(1,50\): error CS0103: ", Assert.Single(lines));
    }

    [Fact]
    public void Valid_program_checks_silently_with_exit_code_0()
    {
        string source = Write("Good.cs", "using BpfSharp; public static class P { [Xdp] public static XdpAction R(XdpContext c) => XdpAction.Pass; }");

        var (exit, lines) = Run([.. ReferenceArguments(), "--check-only", source]);

        Assert.Empty(lines);
        Assert.Equal(0, exit);
    }

    [Fact]
    public void Response_file_supplies_arguments_one_per_line()
    {
        string source = Write("Defined.cs", """
            using BpfSharp;
            public static class P
            {
            #if STRICT
                [Xdp] public static XdpAction R(XdpContext c) { throw null!; }
            #else
                [Xdp] public static XdpAction R(XdpContext c) => XdpAction.Pass;
            #endif
            }
            """);
        string response = Write("args.rsp", string.Join('\n',
            ReferenceArguments().Concat(["--define", "TRACE;STRICT", "--check-only", "# a comment", "", $"\"{source}\""])));

        var (exit, lines) = Run($"@{response}");

        Assert.Equal(1, exit);
        Assert.Contains("error BPF0003", Assert.Single(lines));
    }

    [Fact]
    public void Missing_source_file_is_an_error_naming_the_file()
    {
        var (exit, lines) = Run([.. ReferenceArguments(), "--check-only", "does-not-exist.cs"]);

        Assert.Equal(1, exit);
        Assert.StartsWith("BpfSharp.Compiler: error BPF9001: cannot read source file 'does-not-exist.cs'", Assert.Single(lines));
    }

    [Theory]
    [InlineData("--check-only", "no source files given")]
    [InlineData("--bogus x.cs", "unknown option '--bogus'")]
    [InlineData("x.cs", "no output given")]
    [InlineData("--langversion 99 --check-only x.cs", "unknown C# language version '99'")]
    [InlineData("--check-only x.cs --out", "option '--out' needs a value")]
    public void Invalid_command_line_is_reported_as_BPF9002_with_exit_code_1(string commandLine, string message)
    {
        var (exit, lines) = Run(commandLine.Split(' '));

        Assert.Equal(1, exit);
        Assert.StartsWith("BpfSharp.Compiler: error BPF9002: " + message, Assert.Single(lines));
    }

    [GeneratedRegex(@"^(.+\(\d+,\d+\)|BpfSharp\.Compiler): (error|warning) [A-Z]+\d+: .+$")]
    private static partial Regex CanonicalFormat();
}
