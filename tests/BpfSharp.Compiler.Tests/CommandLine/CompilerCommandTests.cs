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
        Assert.Contains($"{expectedPath}(7,17): error BPF0001: 'new byte[4]' allocates on the managed heap, which a BPF program does not have; use an unmanaged struct local, a map value or packet memory instead", lines);
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

    private const string ProgramUsingItsBindings = """
        using BpfSharp;

        namespace Acme;

        public static unsafe class Filter
        {
            [Map] public static readonly ArrayMap<ulong> Counts = new(1);

            [Xdp]
            public static XdpAction Count(XdpContext c)
            {
                ulong* count = Counts.Lookup(0);
                if (count != null) *count += 1;
                return XdpAction.Pass;
            }
        }

        public static class Reader
        {
            public static ulong Total(NAMESkeleton skeleton) => skeleton.Maps.Counts[0];
        }
        """;

    [Fact]
    public void Userspace_code_of_the_program_assembly_compiles_against_the_bindings_named_after_the_object()
    {
        string source = Write("Filter.cs", ProgramUsingItsBindings.Replace("NAME", "AcmeFilter"));
        string output = Path.Combine(_directory, "obj", "whatever.bpf.o");

        var (exit, lines) = Run([.. ReferenceArguments(), "--out", output, "--object-name", "acme-filter.bpf.o", source]);

        Assert.Empty(lines);
        Assert.Equal(0, exit);
        Assert.True(File.Exists(output));
    }

    [Fact]
    public void Without_an_object_name_the_bindings_take_the_outputs_name_and_a_bindings_name_overrides_both()
    {
        string byOutput = Write("ByOutput.cs", ProgramUsingItsBindings.Replace("NAME", "Counter"));
        string byName = Write("ByName.cs", ProgramUsingItsBindings.Replace("NAME", "PortFilter"));

        var fromOutput = Run([.. ReferenceArguments(), "--out", Path.Combine(_directory, "counter.bpf.o"), byOutput]);
        var fromName = Run([.. ReferenceArguments(), "--check-only", "--object-name", "counter.bpf.o", "--bindings-name", "PortFilter", byName]);
        var mismatched = Run([.. ReferenceArguments(), "--check-only", "--object-name", "other.bpf.o", byOutput]);

        Assert.Equal((0, 0), (fromOutput.ExitCode, fromName.ExitCode));
        Assert.Equal(1, mismatched.ExitCode);
        Assert.Contains(mismatched.Lines, line => line.Contains("error CS0246") && line.Contains("CounterSkeleton"));
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

    private const string CountingProgram = """
        using BpfSharp;
        public static unsafe class Counting
        {
            private static readonly uint s_limit = 3;
            [Map] public static readonly ArrayMap<ulong> Seen = new(1);

            [Xdp]
            public static XdpAction Run(XdpContext ctx)
            {
                ulong* seen = Seen.Lookup(0);
                if (seen == null) return XdpAction.Aborted;
                *seen += 1;
                return *seen > s_limit ? XdpAction.Drop : XdpAction.Pass;
            }
        }
        """;

    [Fact]
    public void Valid_program_is_written_as_a_BPF_ELF_object_at_the_output_path()
    {
        Write("src/Counting.cs", CountingProgram);
        string output = Path.Combine(_directory, "out", "counting.bpf.o");

        var (exit, lines) = Run([.. ReferenceArguments(), "--base-dir", _directory, "--out", output, "src/Counting.cs"]);

        Assert.Empty(lines);
        Assert.Equal(0, exit);
        byte[] elf = File.ReadAllBytes(output);
        Assert.Equal("ELF"u8.ToArray(), elf[..4]);
        const ushort EM_BPF = 247;
        Assert.Equal(EM_BPF, BitConverter.ToUInt16(elf, 18));
        Assert.False(File.Exists(output + ".tmp"));
    }

    [Fact]
    public void Same_sources_in_different_directories_give_byte_identical_objects()
    {
        string first = Path.Combine(_directory, "one", "project");
        string second = Path.Combine(_directory, "two", "elsewhere", "project");
        byte[] Build(string projectDirectory)
        {
            Write(Path.Combine(projectDirectory, "Programs", "Counting.cs"), CountingProgram);
            string output = Path.Combine(projectDirectory, "obj", "x.bpf.o");
            var (exit, lines) = Run([.. ReferenceArguments(), "--base-dir", projectDirectory, "--out", output, "Programs/Counting.cs"]);
            Assert.True(exit == 0, string.Join('\n', lines));
            return File.ReadAllBytes(output);
        }

        Assert.Equal(Build(first), Build(second));
    }

    [Fact]
    public void Sources_at_the_project_root_and_under_obj_compile_as_an_MSBuild_project_lays_them_out()
    {
        Write("Counting.cs", CountingProgram);
        Write("obj/Release/net10.0/Generated.GlobalUsings.g.cs", "global using System;");
        string output = Path.Combine(_directory, "obj", "x.bpf.o");

        var (exit, lines) = Run([.. ReferenceArguments(), "--base-dir", _directory, "--out", output, "Counting.cs",
            "obj/Release/net10.0/Generated.GlobalUsings.g.cs"]);

        Assert.True(exit == 0, string.Join('\n', lines));
        Assert.True(File.Exists(output));
    }

    [Fact]
    public void Failed_compilation_removes_a_stale_object_and_writes_none()
    {
        Write("Bad.cs", "using BpfSharp; public static class P { [Xdp] public static XdpAction R(XdpContext c) => (XdpAction)(1.5 * 2); }");
        string output = Write("stale.bpf.o", "old object");

        var (exit, _) = Run([.. ReferenceArguments(), "--base-dir", _directory, "--out", output, "Bad.cs"]);

        Assert.Equal(1, exit);
        Assert.False(File.Exists(output));
    }

    [Fact]
    public void Csharp_compiled_option_writes_the_same_object_as_the_full_check()
    {
        string source = Write("Counting.cs", """
            using BpfSharp;
            public static class P
            {
                [Xdp]
                public static XdpAction R(XdpContext c) => c.IngressIfindex == 1 ? XdpAction.Pass : XdpAction.Drop;
            }
            """);
        string full = Path.Combine(_directory, "full.bpf.o");
        string compiled = Path.Combine(_directory, "compiled.bpf.o");

        Assert.Equal(0, Run([.. ReferenceArguments(), "--base-dir", _directory, "--out", full, source]).ExitCode);
        Assert.Equal(0, Run([.. ReferenceArguments(), "--base-dir", _directory, "--out", compiled, "--csharp-compiled", source]).ExitCode);

        Assert.Equal(File.ReadAllBytes(full), File.ReadAllBytes(compiled));
    }

    [Fact]
    public void Compiled_assembly_option_gives_the_same_object_from_only_the_references_it_reaches()
    {
        const string program = "using BpfSharp; public static class P { [Xdp] public static XdpAction R(XdpContext c) => c.IngressIfindex == 1 ? XdpAction.Pass : XdpAction.Drop; }";
        string source = Write("Counting.cs", program);
        string assembly = ReferenceClosureTests.Emit(_directory, "Counting", program);
        string full = Path.Combine(_directory, "full.bpf.o");
        string trimmed = Path.Combine(_directory, "trimmed.bpf.o");

        Assert.Equal(0, Run([.. ReferenceArguments(), "--base-dir", _directory, "--out", full, source]).ExitCode);
        Assert.Equal(0, Run([.. ReferenceArguments(), "--base-dir", _directory, "--out", trimmed, "--csharp-compiled", "--compiled-assembly", assembly, source]).ExitCode);

        Assert.Equal(File.ReadAllBytes(full), File.ReadAllBytes(trimmed));
    }

    [Fact]
    public void A_compiled_assembly_that_reaches_too_little_falls_back_to_every_reference()
    {
        string source = Write("Counting.cs", CountingProgram);
        // Names System.Runtime only: without BpfSharp.Runtime the program cannot bind, so the closure is not enough.
        string unrelated = ReferenceClosureTests.Emit(_directory, "Unrelated", "public static class U { public static int One() => 1; }");
        string full = Path.Combine(_directory, "full.bpf.o");
        string fallen = Path.Combine(_directory, "fallen.bpf.o");

        Assert.Equal(0, Run([.. ReferenceArguments(), "--base-dir", _directory, "--out", full, source]).ExitCode);
        var (exit, lines) = Run([.. ReferenceArguments(), "--base-dir", _directory, "--out", fallen, "--csharp-compiled", "--compiled-assembly", unrelated, source]);

        Assert.Equal(0, exit);
        Assert.Empty(lines);
        Assert.Equal(File.ReadAllBytes(full), File.ReadAllBytes(fallen));
    }

    [Fact]
    public void Csharp_compiled_option_still_reports_a_CSharp_error_in_reached_code()
    {
        string source = Write("Broken.cs", "using BpfSharp; public static class P { [Xdp] public static XdpAction R(XdpContext c) => missing; }");

        var (exit, lines) = Run([.. ReferenceArguments(), "--csharp-compiled", "--check-only", source]);

        Assert.Equal(1, exit);
        Assert.Matches(@"Broken\.cs\(1,90\): error CS0103: ", Assert.Single(lines));
    }

    [Fact]
    public void Check_only_writes_no_object()
    {
        Write("Counting.cs", CountingProgram);

        var (exit, _) = Run([.. ReferenceArguments(), "--base-dir", _directory, "--check-only", "Counting.cs"]);

        Assert.Equal(0, exit);
        Assert.Empty(Directory.GetFiles(_directory, "*.o", SearchOption.AllDirectories));
    }

    [Fact]
    public void Unwritable_output_is_a_file_error_not_a_crash()
    {
        Write("Counting.cs", CountingProgram);
        string blocker = Write("not-a-directory", "a file where a directory should be");

        var (exit, lines) = Run([.. ReferenceArguments(), "--base-dir", _directory, "--out", Path.Combine(blocker, "x.bpf.o"), "Counting.cs"]);

        Assert.Equal(1, exit);
        Assert.StartsWith("BpfSharp.Compiler: error BPF9002: cannot write the object", Assert.Single(lines));
    }

    [Fact]
    public void Reference_that_is_not_an_assembly_is_reported_by_the_CSharp_compiler()
    {
        Write("Counting.cs", CountingProgram);
        string bogus = Write("bogus.dll", "not metadata");

        var (exit, lines) = Run([.. ReferenceArguments(), "--ref", bogus, "--base-dir", _directory, "--check-only", "Counting.cs"]);

        Assert.Equal(1, exit);
        Assert.Contains(lines, line => line.Contains("error CS0009", StringComparison.Ordinal));
    }

    [Fact]
    public void Missing_source_file_is_an_error_naming_the_file()
    {
        var (exit, lines) = Run([.. ReferenceArguments(), "--check-only", "does-not-exist.cs"]);

        Assert.Equal(1, exit);
        Assert.StartsWith("BpfSharp.Compiler: error BPF9002: cannot read source file 'does-not-exist.cs'", Assert.Single(lines));
    }

    [Theory]
    [InlineData("--check-only", "no source files given")]
    [InlineData("--bogus x.cs", "unknown option '--bogus'")]
    [InlineData("x.cs", "no output given")]
    [InlineData("--langversion 99 --check-only x.cs", "unknown C# language version '99'")]
    [InlineData("--check-only x.cs --out", "option '--out' needs a value")]
    public void Invalid_command_line_is_reported_as_BPF9003_with_exit_code_1(string commandLine, string message)
    {
        var (exit, lines) = Run(commandLine.Split(' '));

        Assert.Equal(1, exit);
        Assert.StartsWith("BpfSharp.Compiler: error BPF9003: " + message, Assert.Single(lines));
    }

    [GeneratedRegex(@"^(.+\(\d+,\d+\)|BpfSharp\.Compiler): (error|warning) [A-Z]+\d+: .+$")]
    private static partial Regex CanonicalFormat();
}
