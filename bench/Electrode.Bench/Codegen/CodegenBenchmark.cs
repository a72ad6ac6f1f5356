using System.Globalization;
using BpfSharp.Loader;
using Electrode.Programs;

namespace Electrode.Bench.Codegen;

/// <summary>
/// DESIGN.md §8 "codegen" and "compile time": the time to compile Electrode.Programs, and for each program our
/// object against the same logic in C compiled by clang (Reference/electrode_ref.bpf.c), loaded side by side into the
/// kernel: instructions after the verifier, JIT size, instructions the verifier processed, and nanoseconds per packet
/// through <c>BPF_PROG_TEST_RUN</c>, as ratios ours/C from the same run.
/// </summary>
internal static class CodegenBenchmark
{
    private static readonly Func<ElectrodeSkeleton.ProgramSet, BpfProgram>[] Programs =
        [p => p.Dispatch, p => p.ReplyToPrepare, p => p.PruneVotes, p => p.Broadcast];

    /// <summary>Kernel repeat loops per object for a state-free scenario; the median is reported.</summary>
    private const int RepeatedRounds = 5;

    public static int Run(string[] args)
    {
        int repeat = 1000;
        int compileRuns = 10;
        string csv = "codegen.csv";
        for (int i = 0; i < args.Length; i++)
        {
            string? value = i + 1 < args.Length ? args[i + 1] : null;
            switch (args[i])
            {
                case "--repeat" when int.TryParse(value, out repeat) && repeat > 0: i++; break;
                case "--compile-runs" when int.TryParse(value, out compileRuns) && compileRuns > 0: i++; break;
                case "--csv" when value is not null: csv = value; i++; break;
                default:
                    Console.Error.WriteLine($"Electrode.Bench codegen: bad option '{args[i]}' (--repeat N, --compile-runs K, --csv FILE)");
                    return 2;
            }
        }

        var scratch = Directory.CreateTempSubdirectory("electrode-codegen-");
        try
        {
            var paths = RepositoryPaths.Locate();
            paths.RequireBuilt();
            var report = new CsvReport();
            Console.WriteLine($"codegen: {Environment.ProcessorCount} CPUs, load average {LoadAverage()}, kernel {Environment.OSVersion.Version}, repository {paths.Root}");

            string referenceObject = Path.Combine(scratch.FullName, "electrode_ref.bpf.o");
            var compile = CompileTime.Measure(paths, scratch.FullName, coldRuns: compileRuns, warmRuns: compileRuns,
                output => CompileTime.CompileReference(paths, output));
            PrintCompileTimes(compile, report);

            using var ours = new MeasuredObject("ours", paths.BuiltObject);
            using var reference = new MeasuredObject("C", referenceObject);
            PrintProgramSizes(ours, reference, report);
            PrintPacketTimes(ours, reference, repeat, report);

            report.Write(csv);
            Console.WriteLine($"wrote {Path.GetFullPath(csv)}");
            return 0;
        }
        catch (Exception e) when (e is BenchmarkException or BpfException)
        {
            Console.Error.WriteLine($"Electrode.Bench codegen: {e.Message}");
            return 1;
        }
        finally
        {
            scratch.Delete(recursive: true);
        }
    }

    private static void PrintCompileTimes(CompileTimes times, CsvReport report)
    {
        double cold = Median(times.ColdProcessMs);
        double warm = Median(times.WarmInProcessMs);
        double clang = Median(times.ClangMs);
        var lastHalf = times.WarmInProcessMs.Skip(times.WarmInProcessMs.Count / 2).ToList();
        double steady = Median(lastHalf);
        Console.WriteLine();
        Console.WriteLine("1. compile time of Electrode.Programs to electrode.bpf.o (wall, ms)");
        Console.WriteLine($"{"",-58} {"median",8} {"min",8} {"runs",5}");
        Console.WriteLine(Invariant($"{"cold: fresh process, dotnet BpfSharp.Compiler.dll @rsp",-58} {cold,8:F0} {times.ColdProcessMs.Min(),8:F0} {times.ColdProcessMs.Count,5}"));
        Console.WriteLine(Invariant($"{"first call in this process (JIT and LLVM cold)",-58} {times.FirstInProcessMs,8:F0} {times.FirstInProcessMs,8:F0} {1,5}"));
        Console.WriteLine(Invariant($"{"warm: CompilerCommand.Run again in this process",-58} {warm,8:F0} {times.WarmInProcessMs.Min(),8:F0} {times.WarmInProcessMs.Count,5}"));
        Console.WriteLine(Invariant($"{"warm, steady: the last half of those runs (JIT tiered up)",-58} {steady,8:F0} {lastHalf.Min(),8:F0} {lastHalf.Count,5}"));
        Console.WriteLine(Invariant($"{"reference: clang-19 -O2 -g -target bpf on the C",-58} {clang,8:F0} {times.ClangMs.Min(),8:F0} {times.ClangMs.Count,5}"));
        Console.WriteLine($"warm target < 1000 ms: {(warm < 1000 ? "met" : "NOT met")} by the median of all warm runs, {(steady < 1000 ? "met" : "NOT met")} by the steady ones; object identical to the build's electrode.bpf.o: {(times.SameAsBuild ? "yes" : "no")}");
        Console.WriteLine($"warm runs in order (ms): {string.Join(" ", times.WarmInProcessMs.Select(t => t.ToString("F0", CultureInfo.InvariantCulture)))}");
        Console.WriteLine($"warm compile by phase, {times.WarmPhases.Count} further runs (totals in order, ms: " +
            $"{string.Join(" ", times.WarmPhases.Select(p => p.Values.Sum().ToString("F0", CultureInfo.InvariantCulture)))}); median per phase:");
        for (int phase = 0; phase < PhaseTimes.Names.Length; phase++)
        {
            double median = Median(times.WarmPhases.Select(p => p.Values[phase]).ToList());
            Console.WriteLine(Invariant($"  {PhaseTimes.Names[phase],-56} {median,8:F0}"));
            report.Add("compile phase", PhaseTimes.Names[phase], "ms median", median, null);
        }
        report.Add("compile", "cold process", "ms median", cold, clang);
        report.Add("compile", "first in-process", "ms", times.FirstInProcessMs, null);
        report.Add("compile", "warm in-process", "ms median", warm, clang);
        report.Add("compile", "warm in-process, last half", "ms median", steady, clang);
    }

    private static void PrintProgramSizes(MeasuredObject ours, MeasuredObject reference, CsvReport report)
    {
        Console.WriteLine();
        Console.WriteLine("2. programs after loading: instructions after the verifier (xlated), JIT bytes, instructions the verifier processed");
        Console.WriteLine($"{"program",-16} {"xlated",7} {"C",6} {"ratio",6}   {"jited B",7} {"C",6} {"ratio",6}   {"verified",8} {"C",7} {"ratio",6}");
        foreach (var program in Programs)
        {
            string name = program(ours.Electrode.Programs).Name;
            var a = program(ours.Electrode.Programs).Statistics;
            var b = program(reference.Electrode.Programs).Statistics;
            Console.WriteLine(Invariant(
                $"{name,-16} {a.TranslatedInstructions,7} {b.TranslatedInstructions,6} {Ratio(a.TranslatedInstructions, b.TranslatedInstructions),6:F2}   {a.JitedBytes,7} {b.JitedBytes,6} {Ratio(a.JitedBytes, b.JitedBytes),6:F2}   {a.VerifiedInstructions,8} {b.VerifiedInstructions,7} {Ratio(a.VerifiedInstructions, b.VerifiedInstructions),6:F2}"));
            report.Add("program", name, "xlated instructions", a.TranslatedInstructions, b.TranslatedInstructions);
            report.Add("program", name, "jited bytes", a.JitedBytes, b.JitedBytes);
            report.Add("program", name, "verifier-processed instructions", a.VerifiedInstructions, b.VerifiedInstructions);
        }
    }

    private static void PrintPacketTimes(MeasuredObject ours, MeasuredObject reference, int repeat, CsvReport report)
    {
        Console.WriteLine();
        Console.WriteLine($"3. ns per packet through BPF_PROG_TEST_RUN (median; both objects gave the same verdict and output frame)");
        Console.WriteLine($"{"scenario",-50} {"timing",-22} {"ours",6} {"C",6} {"ratio",6}");
        foreach (var scenario in Scenario.All())
        {
            scenario.Configure(ours.Electrode);
            scenario.Configure(reference.Electrode);
            CheckAgreement(scenario, ours, reference);
            double a, b;
            string how;
            if (scenario.Reset is null)
            {
                (a, b) = TimeRepeated(scenario, ours, reference, repeat);
                how = $"{RepeatedRounds} x kernel repeat {repeat}";
            }
            else
            {
                (a, b) = TimeSingleRuns(scenario, ours, reference, repeat);
                how = $"{repeat} single runs";
            }
            Console.WriteLine(Invariant($"{scenario.Label,-50} {how,-22} {a,6:F0} {b,6:F0} {Ratio(a, b),6:F2}"));
            report.Add("ns per packet", scenario.Label, how, a, b);
        }
        Console.WriteLine("single runs: state is reset between runs (the program changes it or the packet), so each time includes the");
        Console.WriteLine("kernel's per-call timer overhead, the same for both objects. The Prepared ring is drained every");
        Console.WriteLine($"{MeasuredObject.DrainInterval} runs (one wake-up of its consumer per {MeasuredObject.DrainInterval} records) unless the scenario says after each.");
    }

    /// <summary>Both objects must give the expected verdict and the same frame back, or the comparison means nothing.</summary>
    private static void CheckAgreement(Scenario scenario, MeasuredObject ours, MeasuredObject reference)
    {
        var a = ours.RunOnce(scenario);
        var b = reference.RunOnce(scenario);
        if (a.ReturnValue != scenario.ExpectedVerdict || b.ReturnValue != scenario.ExpectedVerdict)
            throw new BenchmarkException($"{scenario.Label}: expected verdict {scenario.ExpectedVerdict}, ours gave {a.ReturnValue}, C gave {b.ReturnValue}");
        if (!a.DataOut.AsSpan().SequenceEqual(b.DataOut))
        {
            int at = a.DataOut.AsSpan().CommonPrefixLength(b.DataOut);
            throw new BenchmarkException($"{scenario.Label}: the output frames differ from byte {at} (ours {a.DataOut.Length} bytes, C {b.DataOut.Length})");
        }
    }

    private static (double Ours, double Reference) TimeRepeated(Scenario scenario, MeasuredObject ours, MeasuredObject reference, int repeat)
    {
        var a = new List<double>();
        var b = new List<double>();
        for (int round = 0; round < RepeatedRounds; round++)
        {
            bool oursFirst = round % 2 == 0;
            if (oursFirst) a.Add(ours.RunRepeated(scenario, repeat));
            b.Add(reference.RunRepeated(scenario, repeat));
            if (!oursFirst) a.Add(ours.RunRepeated(scenario, repeat));
        }
        return (Median(a), Median(b));
    }

    private static (double Ours, double Reference) TimeSingleRuns(Scenario scenario, MeasuredObject ours, MeasuredObject reference, int runs)
    {
        var a = new List<double>(runs);
        var b = new List<double>(runs);
        for (int run = 0; run < runs; run++)
        {
            bool oursFirst = run % 2 == 0;
            if (oursFirst) a.Add(TimeOnce(scenario, ours));
            b.Add(TimeOnce(scenario, reference));
            if (!oursFirst) a.Add(TimeOnce(scenario, ours));
        }
        return (Median(a), Median(b));
    }

    private static double TimeOnce(Scenario scenario, MeasuredObject measured)
    {
        var result = measured.RunOnce(scenario);
        if (result.ReturnValue != scenario.ExpectedVerdict)
            throw new BenchmarkException($"{scenario.Label}: {measured.Name} gave verdict {result.ReturnValue} instead of {scenario.ExpectedVerdict} during timing");
        return result.DurationNanoseconds;
    }

    private static double Median(IReadOnlyList<double> values)
    {
        var sorted = values.Order().ToArray();
        int middle = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    /// <summary>The 1-minute load average: on a shared machine, the figures mean little without it.</summary>
    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "unknown";

    private static double Ratio(double ours, double reference) => reference == 0 ? double.NaN : ours / reference;

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
