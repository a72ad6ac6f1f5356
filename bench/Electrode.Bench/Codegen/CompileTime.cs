using System.Diagnostics;
using BpfSharp.Compiler;

namespace Electrode.Bench.Codegen;

/// <summary>Wall times of compiling Electrode.Programs to <c>electrode.bpf.o</c>, and of clang on the C reference.</summary>
internal sealed record CompileTimes(
    IReadOnlyList<double> ColdProcessMs,
    double FirstInProcessMs,
    IReadOnlyList<double> WarmInProcessMs,
    bool SameAsBuild,
    IReadOnlyList<PhaseTimes> WarmPhases,
    IReadOnlyList<double> ClangMs);

/// <summary>
/// Runs the BpfSharp compiler with the very arguments the MSBuild target used (its response file), writing to a
/// scratch directory: cold as a fresh <c>dotnet BpfSharp.Compiler.dll</c> process, warm as repeated calls of
/// <see cref="CompilerCommand.Run(IEnumerable{string}, TextWriter)"/> in this process. Both run in the project directory,
/// as the MSBuild target does: LLVM's BTF line info embeds source lines it reads through paths relative to it.
/// </summary>
internal static class CompileTime
{
    public static CompileTimes Measure(RepositoryPaths paths, string scratch, int coldRuns, int warmRuns, Func<string, double> clang)
    {
        string output = Path.Combine(scratch, "electrode.bpf.o");
        string[] arguments = ["@" + paths.CompilerResponseFile, "--out=" + output];

        var cold = new List<double>();
        for (int i = 0; i < coldRuns; i++)
            cold.Add(RunProcess(DotnetHost(), [paths.CompilerAssembly, .. arguments], "the BpfSharp compiler", paths.ProgramsDirectory));

        string previous = Environment.CurrentDirectory;
        Environment.CurrentDirectory = paths.ProgramsDirectory;
        double first;
        var warm = new List<double>();
        var phases = new List<PhaseTimes>();
        try
        {
            first = RunInProcess(arguments);
            for (int i = 0; i < warmRuns; i++)
                warm.Add(RunInProcess(arguments));
            for (int i = 0; i < warmRuns; i++)
                phases.Add(CompilePhases.Measure(paths));
        }
        finally
        {
            Environment.CurrentDirectory = previous;
        }
        bool same = File.ReadAllBytes(output).AsSpan().SequenceEqual(File.ReadAllBytes(paths.BuiltObject));

        var clangTimes = new List<double>();
        for (int i = 0; i < coldRuns; i++)
            clangTimes.Add(clang(Path.Combine(scratch, "electrode_ref.bpf.o")));
        return new CompileTimes(cold, first, warm, same, phases, clangTimes);
    }

    /// <summary>Compiles the C reference with clang (the yardstick of §8); returns the wall time in milliseconds.</summary>
    public static double CompileReference(RepositoryPaths paths, string output) =>
        RunProcess("clang-19", ["-O2", "-g", "-target", "bpf", "-I/usr/include/x86_64-linux-gnu", "-c", paths.ReferenceSource, "-o", output],
            "clang-19 on the C reference", Path.GetDirectoryName(paths.ReferenceSource)!);

    private static double RunInProcess(string[] arguments)
    {
        var diagnostics = new StringWriter();
        var watch = Stopwatch.StartNew();
        int exit = CompilerCommand.Run(arguments, diagnostics);
        watch.Stop();
        if (exit != CompilerCommand.Success)
            throw new BenchmarkException($"the in-process compile failed (exit {exit}):\n{diagnostics}");
        return watch.Elapsed.TotalMilliseconds;
    }

    private static double RunProcess(string program, IEnumerable<string> arguments, string what, string directory)
    {
        var start = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = directory,
        };
        foreach (string argument in arguments)
            start.ArgumentList.Add(argument);
        var watch = Stopwatch.StartNew();
        using var process = Process.Start(start) ?? throw new BenchmarkException($"cannot start {program}");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(5)))
        {
            process.Kill(entireProcessTree: true);
            throw new BenchmarkException($"{what} did not finish within 5 minutes");
        }
        watch.Stop();
        if (process.ExitCode != 0)
            throw new BenchmarkException($"{what} failed (exit {process.ExitCode}):\n{stdout.Result}{stderr.Result}");
        return watch.Elapsed.TotalMilliseconds;
    }

    /// <summary>The dotnet host: the one that launched this process under <c>dotnet run</c>, else <c>dotnet</c> on the PATH.</summary>
    private static string DotnetHost() =>
        Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host : "dotnet";
}
