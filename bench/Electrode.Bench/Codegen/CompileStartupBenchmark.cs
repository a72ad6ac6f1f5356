using System.Diagnostics;
using System.Globalization;
using System.Reflection.PortableExecutable;
using System.Runtime.InteropServices;

namespace Electrode.Bench.Codegen;

/// <summary>
/// What a build waits for when the MSBuild target compiles Electrode.Programs: a fresh compiler process with the
/// assemblies as IL (every method through the JIT: the compiler before ReadyToRun), a fresh process with the build's
/// ReadyToRun images, the compiler server's first compile (which starts the server) and its later ones. Same
/// arguments as the build (its response file), same working directory; every object must equal the build's. Besides
/// the wall time it reports the CPU time the compile took (the compiler process, plus the server's share when a server
/// compiled), which a loaded machine inflates far less than the wall time.
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
                ("server, first compile (starts the server: cold)", Repeat(runs, () => compiler.FirstOfNewServer())),
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
            Console.WriteLine("(medians; CPU = user + system time of the compiler process and, through the server, of the server's compile)");
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

    /// <summary>Runs the compiler as the MSBuild target does, each time as a new process, with a server of its own.</summary>
    private sealed class CompilerRuns(RepositoryPaths paths, string scratch)
    {
        private readonly string _output = Path.Combine(scratch, "electrode.bpf.o");
        private readonly string _serverDirectory = Directory.CreateDirectory(Path.Combine(scratch, "server")).FullName;
        private readonly byte[] _expected = File.ReadAllBytes(paths.BuiltObject);

        public bool AllIdentical { get; private set; } = true;

        public Measured Fresh(string compiler) => Time(compiler, ["@" + paths.CompilerResponseFile, "--out=" + _output]);

        public Measured ThroughServer() => Time(paths.CompilerAssembly, ["--use-server", "@" + paths.CompilerResponseFile, "--out=" + _output]);

        public Measured FirstOfNewServer()
        {
            StopServer();
            return ThroughServer();
        }

        public void StopServer()
        {
            if (File.Exists(paths.CompilerAssembly)) Run(paths.CompilerAssembly, ["--shutdown-server"]);
        }

        private Measured Time(string compiler, string[] arguments)
        {
            File.Delete(_output);
            double serverBefore = ServerCpuMs();
            double childrenBefore = ChildrenCpuMs();
            var watch = Stopwatch.StartNew();
            Run(compiler, arguments);
            double elapsed = watch.Elapsed.TotalMilliseconds;
            double cpu = ChildrenCpuMs() - childrenBefore + ServerCpuMs() - serverBefore;
            AllIdentical &= File.Exists(_output) && File.ReadAllBytes(_output).AsSpan().SequenceEqual(_expected);
            return new Measured(elapsed, cpu);
        }

        /// <summary>CPU time of the running server (0 when none runs), from the process id it writes beside its socket.</summary>
        private double ServerCpuMs()
        {
            string? pidFile = Directory.Exists(_serverDirectory)
                ? Directory.GetFiles(_serverDirectory, "*.pid", SearchOption.AllDirectories).FirstOrDefault()
                : null;
            if (pidFile is null || !int.TryParse(File.ReadAllText(pidFile), out int pid)) return 0;
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

        private void Run(string compiler, string[] arguments)
        {
            var start = new ProcessStartInfo(DotnetHost())
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                WorkingDirectory = paths.ProgramsDirectory,
            };
            start.Environment["BPFSHARP_SERVER_DIR"] = _serverDirectory;
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
            if (process.ExitCode != 0 || stderr.Result.Contains("compiling in this process", StringComparison.Ordinal))
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
