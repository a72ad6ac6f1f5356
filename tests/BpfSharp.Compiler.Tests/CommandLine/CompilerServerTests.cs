using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;

namespace BpfSharp.Compiler.Tests.CommandLine;

/// <summary>
/// The compiler server as the MSBuild target uses it: the built compiler run as a process with <c>--use-server</c>, each
/// test with a socket directory of its own (BPFSHARP_SERVER_DIR), compared with a fresh process on the same input. A
/// first <c>--use-server</c> compile compiles in its own process, then starts the server in the background, so a test
/// that needs a compile to go through the server first makes one listen.
/// </summary>
public sealed class CompilerServerTests : IDisposable
{
    private static readonly TimeSpan ServerStartLimit = TimeSpan.FromSeconds(60);

    private readonly string _directory = Directory.CreateTempSubdirectory("bpfsharp-server-").FullName;
    private readonly string _serverDirectory;

    public CompilerServerTests() => _serverDirectory = Directory.CreateDirectory(Path.Combine(_directory, "sockets")).FullName;

    public void Dispose()
    {
        RunCompiler(["--shutdown-server"], _directory);
        Directory.Delete(_directory, recursive: true);
    }

    private (int ExitCode, string Output, string Notes) RunCompiler(IEnumerable<string> arguments, string workingDirectory,
        IReadOnlyDictionary<string, string>? environment = null)
    {
        var variables = new Dictionary<string, string?> { ["BPFSHARP_SERVER_DIR"] = _serverDirectory };
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
            variables[name] = value;
        return BuiltCompiler.Run(BuiltCompiler.Assembly, arguments, workingDirectory, variables);
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

    /// <summary>Waits, bounded, until a server accepts a connection on a socket of this test; false when none did in time.</summary>
    private bool WaitForListeningServer()
    {
        var waited = Stopwatch.StartNew();
        while (waited.Elapsed < ServerStartLimit)
        {
            foreach (string path in Sockets())
            {
                using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
                try
                {
                    socket.Connect(new UnixDomainSocketEndPoint(path));
                    return true;
                }
                catch (SocketException)
                {
                    // Bound but not yet listening, or a socket left by a server that stopped: try again.
                }
            }
            Thread.Sleep(50);
        }
        return false;
    }

    /// <summary>Makes a server listen the way a build does: a first <c>--use-server</c> compile, then a bounded wait.</summary>
    private void MakeServerListen(string project)
    {
        var first = Compile(project, useServer: true);
        Assert.Equal(0, first.ExitCode);
        Assert.True(WaitForListeningServer(), $"no compiler server listened in {_serverDirectory} within {ServerStartLimit}");
    }

    /// <summary>
    /// Bytes the running server has written through write(2) and its kin since it started (/proc/PID/io wchar): a compile
    /// the server ran writes the object from its own process, one the client ran adds nothing there.
    /// </summary>
    private long BytesWrittenByServer()
    {
        string pidFile = Assert.Single(Directory.GetFiles(_serverDirectory, "*.pid", SearchOption.AllDirectories));
        int pid = int.Parse(File.ReadAllText(pidFile), CultureInfo.InvariantCulture);
        string line = File.ReadLines($"/proc/{pid}/io").Single(l => l.StartsWith("wchar:", StringComparison.Ordinal));
        return long.Parse(line["wchar:".Length..].Trim(), CultureInfo.InvariantCulture);
    }

    [Fact]
    public void The_first_compile_with_no_server_writes_the_fresh_object_in_its_own_process_and_leaves_a_server_listening()
    {
        string project = WriteProgram("first", "Drop");

        var first = Compile(project, useServer: true);
        var fresh = Compile(project, useServer: false);

        Assert.Equal(0, first.ExitCode);
        Assert.Equal("", first.Notes);
        Assert.NotNull(first.Object);
        Assert.Equal(fresh.Object, first.Object);
        Assert.True(WaitForListeningServer(), $"no compiler server listened in {_serverDirectory} within {ServerStartLimit}");
        Assert.Single(Sockets());
        Assert.True(BytesWrittenByServer() < first.Object.Length, "the server wrote the first object, which its client should have");
    }

    [Fact]
    public void The_server_a_first_build_starts_compiles_that_build_once_without_writing_before_it_serves()
    {
        string project = WriteProgram("warm", "Drop");

        MakeServerListen(project);

        // Code generation ran in the server before any request reached it: LLVM is loaded there.
        Assert.True(WaitFor(() => ServerMaps().Contains("libLLVM", StringComparison.Ordinal)),
            $"the server did not load LLVM within {ServerStartLimit}: it did not warm up on the first build's compile");
        Assert.Equal(["Probe.cs", "served.bpf.o"], Directory.GetFiles(project).Select(Path.GetFileName).Order());
        var served = Compile(project, useServer: true);
        var fresh = Compile(project, useServer: false);
        Assert.Equal(fresh.Object, served.Object);
    }

    [Fact]
    public void A_server_started_without_a_compile_loads_no_code_generator_before_a_request()
    {
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = _directory };
        start.Environment["BPFSHARP_SERVER_DIR"] = _serverDirectory;
        start.ArgumentList.Add(BuiltCompiler.Assembly);
        start.ArgumentList.Add("--serve");
        using var server = Process.Start(start)!;

        Assert.True(WaitForListeningServer(), $"no compiler server listened in {_serverDirectory} within {ServerStartLimit}");
        Thread.Sleep(TimeSpan.FromSeconds(1));
        Assert.DoesNotContain("libLLVM", ServerMaps(), StringComparison.Ordinal);
    }

    /// <summary>The memory map of the running server (/proc/PID/maps).</summary>
    private string ServerMaps()
    {
        string pidFile = Assert.Single(Directory.GetFiles(_serverDirectory, "*.pid", SearchOption.AllDirectories));
        return File.ReadAllText($"/proc/{int.Parse(File.ReadAllText(pidFile), CultureInfo.InvariantCulture)}/maps");
    }

    private static bool WaitFor(Func<bool> condition)
    {
        var waited = Stopwatch.StartNew();
        while (!condition())
        {
            if (waited.Elapsed > ServerStartLimit) return false;
            Thread.Sleep(50);
        }
        return true;
    }

    [Fact]
    public void A_compile_through_the_listening_server_is_written_by_the_server_and_equals_a_fresh_process()
    {
        string project = WriteProgram("valid", "Drop");
        MakeServerListen(project);

        long writtenBefore = BytesWrittenByServer();
        var served = Compile(project, useServer: true);
        long writtenByServer = BytesWrittenByServer() - writtenBefore;
        var fresh = Compile(project, useServer: false);

        Assert.Equal(0, served.ExitCode);
        Assert.Equal("", served.Notes);
        Assert.NotNull(served.Object);
        Assert.Equal(fresh.Object, served.Object);
        Assert.True(writtenByServer >= served.Object.Length, $"the server wrote {writtenByServer} bytes, less than the {served.Object.Length}-byte object");
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
        MakeServerListen(WriteProgram("warm-up", "Drop"));

        var served = Compile(project, useServer: true);
        var fresh = Compile(project, useServer: false);

        Assert.Equal(1, served.ExitCode);
        Assert.Equal("", served.Notes);
        Assert.Contains("error BPF0001", served.Output);
        Assert.Equal(fresh.Output, served.Output);
        Assert.Null(served.Object);
    }

    [Fact]
    public void The_running_server_compiles_a_changed_source_anew()
    {
        string project = WriteProgram("changing", "Drop");
        MakeServerListen(project);
        var before = Compile(project, useServer: true);

        File.WriteAllText(Path.Combine(project, "Probe.cs"), Program("Aborted"));
        long writtenBefore = BytesWrittenByServer();
        var after = Compile(project, useServer: true);
        long writtenByServer = BytesWrittenByServer() - writtenBefore;
        var fresh = Compile(project, useServer: false);

        Assert.Equal(0, after.ExitCode);
        Assert.NotEqual(before.Object, after.Object);
        Assert.Equal(fresh.Object, after.Object);
        Assert.True(writtenByServer >= after.Object!.Length, $"the server wrote {writtenByServer} bytes, less than the {after.Object.Length}-byte object");
    }

    [Fact]
    public void Concurrent_builds_each_get_the_object_of_their_own_sources()
    {
        string[] verdicts = ["Drop", "Aborted", "Tx"];
        var projects = verdicts.Select(v => WriteProgram("concurrent-" + v, v)).ToArray();
        MakeServerListen(projects[0]);

        var served = projects.AsParallel().WithDegreeOfParallelism(projects.Length).Select(p => Compile(p, useServer: true)).ToArray();
        var fresh = projects.Select(p => Compile(p, useServer: false)).ToArray();

        for (int i = 0; i < projects.Length; i++)
        {
            Assert.Equal(0, served[i].ExitCode);
            Assert.Equal("", served[i].Notes);
            Assert.Equal(fresh[i].Object, served[i].Object);
        }
        Assert.Equal(3, served.Select(s => Convert.ToHexString(s.Object!)).Distinct().Count());
        Assert.Single(Sockets());
    }

    [Fact]
    public void Concurrent_first_builds_each_compile_and_leave_one_server_running()
    {
        string[] verdicts = ["Drop", "Aborted"];
        var projects = verdicts.Select(v => WriteProgram("first-concurrent-" + v, v)).ToArray();

        var first = projects.AsParallel().WithDegreeOfParallelism(projects.Length).Select(p => Compile(p, useServer: true)).ToArray();
        var fresh = projects.Select(p => Compile(p, useServer: false)).ToArray();

        for (int i = 0; i < projects.Length; i++)
        {
            Assert.Equal(0, first[i].ExitCode);
            Assert.Equal("", first[i].Notes);
            Assert.Equal(fresh[i].Object, first[i].Object);
        }
        Assert.True(WaitForListeningServer(), $"no compiler server listened in {_serverDirectory} within {ServerStartLimit}");
        Assert.Single(Sockets());
        var waited = Stopwatch.StartNew();
        while (ServerProcesses().Count > 1 && waited.Elapsed < ServerStartLimit)
            Thread.Sleep(50);
        Assert.Single(ServerProcesses());
    }

    /// <summary>The processes serving with this test's socket directory, found by their command line and environment.</summary>
    private List<int> ServerProcesses()
    {
        var servers = new List<int>();
        foreach (string process in Directory.GetDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(process), out int pid)) continue;
            try
            {
                string[] command = File.ReadAllText(Path.Combine(process, "cmdline")).Split('\0');
                string[] environment = File.ReadAllText(Path.Combine(process, "environ")).Split('\0');
                if (command.Contains("--serve") && environment.Contains("BPFSHARP_SERVER_DIR=" + _serverDirectory))
                    servers.Add(pid);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // The process ended while we read it.
            }
        }
        return servers;
    }

    [Fact]
    public void The_client_compiles_in_its_own_process_and_says_why_when_no_server_can_listen()
    {
        // Longer than a Unix socket address may be (108 bytes): no server can listen there.
        string unreachable = Directory.CreateDirectory(Path.Combine(_serverDirectory, new string('d', 120))).FullName;
        string project = WriteProgram("fallback", "Drop");

        var served = Compile(project, useServer: true, new Dictionary<string, string> { ["BPFSHARP_SERVER_DIR"] = unreachable });
        var fresh = Compile(project, useServer: false);

        Assert.Equal(0, served.ExitCode);
        Assert.Contains("cannot start the compiler server", served.Notes);
        Assert.Contains("longer than a Unix socket address holds", served.Notes);
        Assert.Contains("compiled in this process", served.Notes);
        Assert.Equal(fresh.Object, served.Object);
        Assert.Empty(Directory.GetFiles(unreachable, "*", SearchOption.AllDirectories));
    }

    [Fact]
    public void An_idle_server_exits_and_removes_its_socket()
    {
        // Started as a client starts it, but by the test, so that the wait for it to listen begins before it can idle out.
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = _directory };
        start.Environment["BPFSHARP_SERVER_DIR"] = _serverDirectory;
        start.Environment["BPFSHARP_SERVER_IDLE_SECONDS"] = "3";
        start.ArgumentList.Add(BuiltCompiler.Assembly);
        start.ArgumentList.Add("--serve");
        using var server = Process.Start(start)!;
        try
        {
            Assert.True(WaitForListeningServer(), $"no compiler server listened in {_serverDirectory} within {ServerStartLimit}");

            Assert.True(server.WaitForExit(TimeSpan.FromSeconds(60)), "the idle server did not exit within 60 s");
            Assert.Equal(0, server.ExitCode);
            Assert.Empty(Sockets());
        }
        finally
        {
            if (!server.HasExited) server.Kill();
        }
    }

    [Fact]
    public void Shutdown_stops_the_running_server_and_the_next_compile_starts_another()
    {
        string project = WriteProgram("restart", "Drop");
        MakeServerListen(project);

        var stop = RunCompiler(["--shutdown-server"], _directory);
        var again = Compile(project, useServer: true);

        Assert.Contains("the compiler server stopped", stop.Notes);
        Assert.Equal(0, again.ExitCode);
        Assert.Equal("", again.Notes);
        Assert.True(WaitForListeningServer(), $"no compiler server listened in {_serverDirectory} within {ServerStartLimit} after the restart");
        Assert.Single(Sockets());
    }
}
