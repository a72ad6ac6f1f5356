using System.Diagnostics;

namespace BpfSharp.Compiler.Tests.CommandLine;

/// <summary>
/// The compiler server as the MSBuild target uses it: the built compiler run as a process with <c>--use-server</c>, each
/// test with a socket directory of its own (BPFSHARP_SERVER_DIR), compared with a fresh process on the same input.
/// </summary>
public sealed class CompilerServerTests : IDisposable
{
    private static readonly TimeSpan ProcessTimeLimit = TimeSpan.FromMinutes(3);

    private readonly string _directory = Directory.CreateTempSubdirectory("bpfsharp-server-").FullName;
    private readonly string _serverDirectory;

    public CompilerServerTests() => _serverDirectory = Directory.CreateDirectory(Path.Combine(_directory, "sockets")).FullName;

    public void Dispose()
    {
        RunCompiler(["--shutdown-server"], _directory);
        Directory.Delete(_directory, recursive: true);
    }

    private static string CompilerAssembly()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            string candidate = Path.Combine(directory.FullName, "src/BpfSharp.Compiler/bin/Release/net10.0/BpfSharp.Compiler.dll");
            if (File.Exists(candidate)) return candidate;
        }
        throw new InvalidOperationException("the built compiler is not above " + AppContext.BaseDirectory);
    }

    private (int ExitCode, string Output, string Notes) RunCompiler(IEnumerable<string> arguments, string workingDirectory,
        IReadOnlyDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = workingDirectory,
        };
        start.Environment["BPFSHARP_SERVER_DIR"] = _serverDirectory;
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
            start.Environment[name] = value;
        start.ArgumentList.Add(CompilerAssembly());
        foreach (string argument in arguments) start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        string output = process.StandardOutput.ReadToEnd();
        if (!process.WaitForExit(ProcessTimeLimit))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"the compiler took longer than {ProcessTimeLimit}");
        }
        return (process.ExitCode, output, error.Result);
    }

    /// <summary>A project directory with one program returning <paramref name="verdict"/>; returns its directory.</summary>
    private string WriteProgram(string name, string verdict)
    {
        string project = Directory.CreateDirectory(Path.Combine(_directory, name)).FullName;
        File.WriteAllText(Path.Combine(project, "Probe.cs"), Program(verdict));
        return project;
    }

    private static string Program(string verdict) => $$"""
        using BpfSharp;
        public static class Probe
        {
            [Xdp]
            public static XdpAction Run(XdpContext ctx) => ctx.IngressIfindex == 7 ? XdpAction.{{verdict}} : XdpAction.Pass;
        }
        """;

    private static string[] Arguments(string output) =>
        [.. TestCompilations.References.SelectMany(r => new[] { "--ref", r }), "--out", output, "Probe.cs"];

    private (int ExitCode, string Output, string Notes, byte[]? Object) Compile(string project, bool useServer,
        IReadOnlyDictionary<string, string>? environment = null)
    {
        string output = Path.Combine(project, useServer ? "served.bpf.o" : "fresh.bpf.o");
        File.Delete(output);
        string[] arguments = useServer ? ["--use-server", .. Arguments(output)] : Arguments(output);
        var (exit, text, notes) = RunCompiler(arguments, project, environment);
        return (exit, text, notes, File.Exists(output) ? File.ReadAllBytes(output) : null);
    }

    private string[] Sockets() => Directory.GetFiles(_serverDirectory, "*.sock", SearchOption.AllDirectories);

    [Fact]
    public void A_compile_through_the_server_writes_the_object_a_fresh_process_writes()
    {
        string project = WriteProgram("valid", "Drop");

        var served = Compile(project, useServer: true);
        var fresh = Compile(project, useServer: false);

        Assert.Equal(0, served.ExitCode);
        Assert.DoesNotContain("compiling in this process", served.Notes);
        Assert.NotNull(served.Object);
        Assert.Equal(fresh.Object, served.Object);
        Assert.Single(Sockets());
    }

    [Fact]
    public void Diagnostics_through_the_server_are_those_of_a_fresh_process()
    {
        string project = Directory.CreateDirectory(Path.Combine(_directory, "invalid")).FullName;
        File.WriteAllText(Path.Combine(project, "Probe.cs"), """
            using BpfSharp;
            public static class Probe
            {
                [Xdp]
                public static XdpAction Run(XdpContext ctx) { var bytes = new byte[4]; return XdpAction.Pass; }
            }
            """);

        var served = Compile(project, useServer: true);
        var fresh = Compile(project, useServer: false);

        Assert.Equal(1, served.ExitCode);
        Assert.Contains("error BPF0001", served.Output);
        Assert.Equal(fresh.Output, served.Output);
        Assert.Null(served.Object);
    }

    [Fact]
    public void The_running_server_compiles_a_changed_source_anew()
    {
        string project = WriteProgram("changing", "Drop");
        var before = Compile(project, useServer: true);

        File.WriteAllText(Path.Combine(project, "Probe.cs"), Program("Aborted"));
        var after = Compile(project, useServer: true);
        var fresh = Compile(project, useServer: false);

        Assert.Equal(0, after.ExitCode);
        Assert.NotEqual(before.Object, after.Object);
        Assert.Equal(fresh.Object, after.Object);
    }

    [Fact]
    public void Concurrent_builds_each_get_the_object_of_their_own_sources()
    {
        string[] verdicts = ["Drop", "Aborted", "Tx"];
        var projects = verdicts.Select(v => WriteProgram("concurrent-" + v, v)).ToArray();

        var served = projects.AsParallel().WithDegreeOfParallelism(projects.Length).Select(p => Compile(p, useServer: true)).ToArray();
        var fresh = projects.Select(p => Compile(p, useServer: false)).ToArray();

        for (int i = 0; i < projects.Length; i++)
        {
            Assert.Equal(0, served[i].ExitCode);
            Assert.Equal(fresh[i].Object, served[i].Object);
        }
        Assert.Equal(3, served.Select(s => Convert.ToHexString(s.Object!)).Distinct().Count());
        Assert.Single(Sockets());
    }

    [Fact]
    public void The_client_compiles_in_its_own_process_when_no_server_can_listen()
    {
        // Longer than a Unix socket address may be (108 bytes): the server cannot bind and exits.
        string unreachable = Directory.CreateDirectory(Path.Combine(_serverDirectory, new string('d', 120))).FullName;
        string project = WriteProgram("fallback", "Drop");

        var served = Compile(project, useServer: true, new Dictionary<string, string> { ["BPFSHARP_SERVER_DIR"] = unreachable });
        var fresh = Compile(project, useServer: false);

        Assert.Equal(0, served.ExitCode);
        Assert.Contains("compiling in this process", served.Notes);
        Assert.Equal(fresh.Object, served.Object);
    }

    [Fact]
    public void An_idle_server_exits_and_removes_its_socket()
    {
        string project = WriteProgram("idle", "Drop");

        var served = Compile(project, useServer: true, new Dictionary<string, string> { ["BPFSHARP_SERVER_IDLE_SECONDS"] = "1" });
        Assert.Equal(0, served.ExitCode);

        var waited = Stopwatch.StartNew();
        while (Sockets().Length > 0 && waited.Elapsed < TimeSpan.FromSeconds(60))
            Thread.Sleep(100);
        Assert.Empty(Sockets());
    }

    [Fact]
    public void Shutdown_stops_the_running_server_and_the_next_compile_starts_another()
    {
        string project = WriteProgram("restart", "Drop");
        Compile(project, useServer: true);

        var stop = RunCompiler(["--shutdown-server"], _directory);
        var again = Compile(project, useServer: true);

        Assert.Contains("the compiler server stopped", stop.Notes);
        Assert.Equal(0, again.ExitCode);
        Assert.DoesNotContain("compiling in this process", again.Notes);
        Assert.Single(Sockets());
    }
}
