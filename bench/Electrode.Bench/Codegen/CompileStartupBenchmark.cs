using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;
using System.Reflection.PortableExecutable;
using System.Runtime.InteropServices;

namespace Electrode.Bench.Codegen;

/// <summary>
/// What a build waits for when the MSBuild target compiles Electrode.Programs: a fresh compiler process with the
/// assemblies as IL (every method through the JIT: the compiler before ReadyToRun), a fresh process with the build's
/// ReadyToRun images, the first build's compile with the server option (no server listens: the compiler compiles in its
/// own process and starts the server for later builds), the second build's (the new server's first compile) and the
/// compiles through the running server after that. Same arguments as the build (its response file), same working
/// directory; every object must equal the build's. Besides the wall time it reports the CPU time the compile took (the
/// compiler process, plus the server's share: its compile, or its start until it listens), which a loaded machine
/// inflates far less than the wall time.
/// </summary>
internal static partial class CompileStartupBenchmark
{
    public static int Run(string[] args)
    {
        int runs = 5;
        for (int i = 0; i < args.Length; i++)
        {
            if (args[i] == "--runs" && i + 1 < args.Length && int.TryParse(args[i + 1], out runs) && runs > 0) { i++; continue; }
            Console.Error.WriteLine($"Electrode.Bench compile: bad option '{args[i]}' (--runs K)");
            return 2;
        }

        var scratch = Directory.CreateTempSubdirectory("electrode-compile-");
        var paths = RepositoryPaths.Locate();
        var compiler = new CompilerRuns(paths, scratch.FullName);
        try
        {
            paths.RequireBuilt();
            string ilCompiler = IlCopyOfTheCompiler(paths, Path.Combine(scratch.FullName, "il"));
            Console.WriteLine($"compile: {Environment.ProcessorCount} CPUs, load average {LoadAverage()}, {runs} runs per row, repository {paths.Root}");
            Console.WriteLine($"ReadyToRun code in the build's compiler: {(IsReadyToRun(paths.CompilerAssembly) ? "yes" : "no")}; in the IL copy: {(IsReadyToRun(ilCompiler) ? "yes" : "no")}");

            var rows = new List<(string Label, List<Measured> Times)>
            {
                ("fresh process, IL only (JIT; before)", Repeat(runs, () => compiler.Fresh(ilCompiler))),
                ("fresh process, ReadyToRun (the build's compiler)", Repeat(runs, () => compiler.Fresh(paths.CompilerAssembly))),
                ("server, first compile (in process + server start)", Repeat(runs, () => compiler.FirstWithoutServer())),
                ("server, its first compile (second build, 3 s later)", Repeat(runs, () => compiler.FirstThroughNewServer())),
                ("server, running (warm)", Repeat(runs, () => compiler.ThroughServer())),
            };

            double wallBaseline = Median(rows[0].Times.Select(t => t.WallMs));
            double cpuBaseline = Median(rows[0].Times.Select(t => t.CpuMs));
            Console.WriteLine();
            Console.WriteLine("compile time of Electrode.Programs to electrode.bpf.o as the build runs it (ms)");
            Console.WriteLine($"{"",-52} {"wall",8} {"min",8} {"vs IL",6}   {"CPU",8} {"min",8} {"vs IL",6}");
            foreach (var (label, times) in rows)
            {
                double wall = Median(times.Select(t => t.WallMs));
                double cpu = Median(times.Select(t => t.CpuMs));
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{label,-52} {wall,8:F0} {times.Min(t => t.WallMs),8:F0} {wall / wallBaseline,6:F2}   {cpu,8:F0} {times.Min(t => t.CpuMs),8:F0} {cpu / cpuBaseline,6:F2}"));
            }
            Console.WriteLine("(medians; CPU = user + system time of the compiler process and of the server: its compile, or its start until it listens)");
            foreach (var (label, times) in rows)
                Console.WriteLine($"  {label}, wall/CPU: {string.Join(" ", times.Select(t => string.Create(CultureInfo.InvariantCulture, $"{t.WallMs:F0}/{t.CpuMs:F0}")))}");
            Console.WriteLine($"every object identical to the build's electrode.bpf.o: {(compiler.AllIdentical ? "yes" : "NO")}");
            return compiler.AllIdentical ? 0 : 1;
        }
        catch (BenchmarkException e)
        {
            Console.Error.WriteLine($"Electrode.Bench compile: {e.Message}");
            return 1;
        }
        finally
        {
            compiler.StopServer();
            scratch.Delete(recursive: true);
        }
    }

    /// <summary>
    /// The compiler's output directory with its own assemblies, BpfSharp.Runtime and Roslyn replaced by their IL: the
    /// compiler's intermediate assembly, the runtime's build output and the Roslyn this benchmark was built with.
    /// </summary>
    private static string IlCopyOfTheCompiler(RepositoryPaths paths, string directory)
    {
        string built = Path.GetDirectoryName(paths.CompilerAssembly)!;
        Directory.CreateDirectory(directory);
        foreach (string file in Directory.GetFiles(built))
            File.Copy(file, Path.Combine(directory, Path.GetFileName(file)));
        var il = new[]
        {
            Path.Combine(paths.Root, "src/BpfSharp.Compiler/obj/Release/net10.0/BpfSharp.Compiler.dll"),
            Path.Combine(paths.Root, "src/BpfSharp.Runtime/bin/Release/net10.0/BpfSharp.Runtime.dll"),
            typeof(Microsoft.CodeAnalysis.Compilation).Assembly.Location,
            typeof(Microsoft.CodeAnalysis.CSharp.CSharpCompilation).Assembly.Location,
        };
        foreach (string file in il)
        {
            if (IsReadyToRun(file)) throw new BenchmarkException($"{file} is not IL only");
            File.Copy(file, Path.Combine(directory, Path.GetFileName(file)), overwrite: true);
        }
        return Path.Combine(directory, "BpfSharp.Compiler.dll");
    }

    private static bool IsReadyToRun(string assembly)
    {
        using var reader = new PEReader(File.OpenRead(assembly));
        return reader.PEHeaders.CorHeader?.ManagedNativeHeaderDirectory.Size > 0;
    }

    private static List<Measured> Repeat(int runs, Func<Measured> run) => Enumerable.Range(0, runs).Select(_ => run()).ToList();

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
    }

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(" ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";

    /// <summary>
    /// Runs the compiler as the MSBuild target does, each time as a new process, with a server of its own. Every server
    /// it starts is waited for until it listens, so that <see cref="StopServer"/> reaches it; a short idle time ends any
    /// that a failed run leaves behind.
    /// </summary>
    private sealed class CompilerRuns(RepositoryPaths paths, string scratch)
    {
        private static readonly TimeSpan ServerStartLimit = TimeSpan.FromSeconds(60);

        private readonly string _output = Path.Combine(scratch, "electrode.bpf.o");
        private readonly string _serverDirectory = Directory.CreateDirectory(Path.Combine(scratch, "server")).FullName;
        private readonly byte[] _expected = File.ReadAllBytes(paths.BuiltObject);

        public bool AllIdentical { get; private set; } = true;

        public Measured Fresh(string compiler) => Time(compiler, ["@" + paths.CompilerResponseFile, "--out=" + _output]);

        private string[] UseServerArguments => ["--use-server", "@" + paths.CompilerResponseFile, "--out=" + _output];

        /// <summary>A compile through the server that listens (the rows before leave one listening).</summary>
        public Measured ThroughServer()
        {
            if (!WaitForListeningServer()) throw new BenchmarkException($"no compiler server listens in {_serverDirectory}");
            return Time(paths.CompilerAssembly, UseServerArguments);
        }

        /// <summary>
        /// What a build pays when no server listens: the compile in the compiler's own process plus the start of a server
        /// for later builds. The wall time ends with the compiler process; the CPU time includes the server's start
        /// until it listens.
        /// </summary>
        public Measured FirstWithoutServer()
        {
            StopServer();
            return Time(paths.CompilerAssembly, UseServerArguments, beforeCpuIsRead: () =>
            {
                if (!WaitForListeningServer())
                    throw new BenchmarkException($"the first compile started no compiler server listening in {_serverDirectory} within {ServerStartLimit}");
            });
        }

        /// <summary>
        /// The second build of a session, <see cref="EditTime"/> after the first: the first compile of the server that the
        /// first build started (which compiled the first build's request once in the meantime, to warm up).
        /// </summary>
        public Measured FirstThroughNewServer()
        {
            FirstWithoutServer();
            Thread.Sleep(EditTime);
            return ThroughServer();
        }

        /// <summary>Between two builds, the time a developer takes to change a source: a few seconds at least.</summary>
        public static readonly TimeSpan EditTime = TimeSpan.FromSeconds(3);

        /// <summary>Stops the server if one listens, and waits until it has gone (its process id file removed).</summary>
        public void StopServer()
        {
            if (!File.Exists(paths.CompilerAssembly)) return;
            Run(paths.CompilerAssembly, ["--shutdown-server"]);
            var waited = Stopwatch.StartNew();
            while (ServerProcessIdFile() is not null)
            {
                if (waited.Elapsed > ServerStartLimit) throw new BenchmarkException($"the compiler server in {_serverDirectory} did not stop within {ServerStartLimit}");
                Thread.Sleep(20);
            }
        }

        /// <summary>Waits, bounded, until a server accepts a connection on its socket; false when none did in time.</summary>
        private bool WaitForListeningServer()
        {
            var waited = Stopwatch.StartNew();
            while (waited.Elapsed < ServerStartLimit)
            {
                foreach (string path in Directory.GetFiles(_serverDirectory, "*.sock", SearchOption.AllDirectories))
                {
                    using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
                    try
                    {
                        socket.Connect(new UnixDomainSocketEndPoint(path));
                        return true;
                    }
                    catch (SocketException)
                    {
                        // Bound but not yet listening: try again.
                    }
                }
                Thread.Sleep(10);
            }
            return false;
        }

        private Measured Time(string compiler, string[] arguments, Action? beforeCpuIsRead = null)
        {
            File.Delete(_output);
            double serverBefore = ServerCpuMs();
            double childrenBefore = ChildrenCpuMs();
            var watch = Stopwatch.StartNew();
            Run(compiler, arguments);
            double elapsed = watch.Elapsed.TotalMilliseconds;
            beforeCpuIsRead?.Invoke();
            double cpu = ChildrenCpuMs() - childrenBefore + ServerCpuMs() - serverBefore;
            AllIdentical &= File.Exists(_output) && File.ReadAllBytes(_output).AsSpan().SequenceEqual(_expected);
            return new Measured(elapsed, cpu);
        }

        /// <summary>CPU time of the running server (0 when none runs), from the process id it writes beside its socket.</summary>
        private double ServerCpuMs()
        {
            if (ServerProcessIdFile() is not { } pidFile || !int.TryParse(File.ReadAllText(pidFile), out int pid)) return 0;
            try
            {
                // Fields after the parenthesised command: utime and stime are the 12th and 13th, in clock ticks (100 Hz).
                string stat = File.ReadAllText($"/proc/{pid}/stat");
                string[] fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                return (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) * 10.0;
            }
            catch (IOException)
            {
                return 0;
            }
        }

        private string? ServerProcessIdFile() => Directory.Exists(_serverDirectory)
            ? Directory.GetFiles(_serverDirectory, "*.pid", SearchOption.AllDirectories).FirstOrDefault()
            : null;

        private void Run(string compiler, string[] arguments)
        {
            var start = new ProcessStartInfo(DotnetHost())
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                WorkingDirectory = paths.ProgramsDirectory,
            };
            start.Environment["BPFSHARP_SERVER_DIR"] = _serverDirectory;
            start.Environment["BPFSHARP_SERVER_IDLE_SECONDS"] = "60";
            start.ArgumentList.Add(compiler);
            foreach (string argument in arguments) start.ArgumentList.Add(argument);
            using var process = Process.Start(start) ?? throw new BenchmarkException("cannot start the BpfSharp compiler");
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(TimeSpan.FromMinutes(5)))
            {
                process.Kill(entireProcessTree: true);
                throw new BenchmarkException("the BpfSharp compiler did not finish within 5 minutes");
            }
            if (process.ExitCode != 0 || stderr.Result.Contains("in this process", StringComparison.Ordinal))
                throw new BenchmarkException($"the compiler ({string.Join(' ', arguments)}) failed or did not reach its server (exit {process.ExitCode}):\n{stdout.Result}{stderr.Result}");
        }

        private static string DotnetHost() =>
            Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host : "dotnet";
    }

    /// <summary>Wall and CPU time of one compile, in milliseconds.</summary>
    private readonly record struct Measured(double WallMs, double CpuMs);

    /// <summary>User and system time of this process's children that have been waited for (getrusage RUSAGE_CHILDREN).</summary>
    private static double ChildrenCpuMs()
    {
        const int RusageChildren = -1;
        if (GetResourceUsage(RusageChildren, out var usage) != 0) return 0;
        return (usage.UserSeconds + usage.SystemSeconds) * 1000.0 + (usage.UserMicroseconds + usage.SystemMicroseconds) / 1000.0;
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct ResourceUsage
    {
        public long UserSeconds;
        public long UserMicroseconds;
        public long SystemSeconds;
        public long SystemMicroseconds;
        private unsafe fixed long _rest[14];
    }

    [LibraryImport("libc", EntryPoint = "getrusage")]
    private static partial int GetResourceUsage(int who, out ResourceUsage usage);
}
