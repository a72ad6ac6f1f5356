using BpfSharp.Differential;
using CsCheck;

namespace BpfSharp.Testing.Properties;

/// <summary>
/// Property-based differential testing: CsCheck generates a starting state and a frame per case, the tester runs the
/// program in-process and in the kernel, and any disagreement fails the case; CsCheck then shrinks it to a small
/// failing case and reports the seed that reproduces it (set CsCheck_Seed to replay).
/// </summary>
public static class DifferentialProperty
{
    /// <summary>The environment variable that sets the number of cases per program.</summary>
    public const string CasesVariable = "BPFSHARP_DIFFERENTIAL_CASES";

    /// <summary>
    /// The environment variable naming a file to which each property appends its counts every
    /// <see cref="ProgressInterval"/> cases, so that a long run stopped midway still says how far each program got.
    /// </summary>
    public const string ProgressVariable = "BPFSHARP_DIFFERENTIAL_PROGRESS";

    /// <summary>Cases between two progress lines.</summary>
    public const long ProgressInterval = 50_000;

    /// <summary>Cases per program: <see cref="CasesVariable"/> when set, else 10,000 (what CI runs).</summary>
    public static long Cases => long.TryParse(Environment.GetEnvironmentVariable(CasesVariable), out long cases) && cases > 0 ? cases : 10_000;

    /// <summary>
    /// Runs <see cref="Cases"/> cases of <paramref name="program"/>: before each, the tester's maps are emptied and
    /// <paramref name="prepare"/> sets the case's state (it also sees the frame); then <paramref name="run"/> runs the frame both ways.
    /// </summary>
    /// <returns>The counts of what the cases did.</returns>
    /// <exception cref="Exception">CsCheck's failure, with the shrunk case, its seed and the differences.</exception>
    public static DifferentialTally Check<TState>(DifferentialTester tester, string program, Gen<(TState State, byte[] Frame)> cases,
        Action<TState, byte[]> prepare, Func<byte[], DifferentialRun> run, Action<string> writeLine)
    {
        var tally = new DifferentialTally(program);
        var rate = new DifferentialRate();
        string? progressFile = Environment.GetEnvironmentVariable(ProgressVariable);
        Action<TState, byte[]> check = (state, frame) =>
        {
            tester.ResetMaps();
            prepare(state, frame);
            var result = run(frame);
            tally.Add(result);
            if (progressFile is not null && tally.Cases % ProgressInterval == 0)
                File.AppendAllText(progressFile, $"{DateTime.UtcNow:HH:mm:ss} {tally}; {rate.Describe(tally.Cases)}\n");
            result.EnsureAgreement();
        };
        // One thread: both sides' maps are shared by every case of this tester.
        cases.Sample(check, writeLine: writeLine, iter: Cases, threads: 1,
            print: c => $"state {Describe(c.Item1)}, frame {Convert.ToHexString(c.Item2)}");
        writeLine(tally.ToString());
        writeLine($"{program}: {tally.Cases} cases {rate.Describe(tally.Cases)}");
        if (progressFile is not null)
            File.AppendAllText(progressFile, $"{DateTime.UtcNow:HH:mm:ss} done {tally}; {rate.Describe(tally.Cases)}\n");
        return tally;
    }

    /// <summary>As the generic overload, with generated map entries (<see cref="MapWrite.States"/>) as the state.</summary>
    public static DifferentialTally Check(DifferentialTester tester, string program, Gen<byte[]> frames,
        Func<byte[], DifferentialRun> run, Action<string> writeLine) =>
        Check(tester, program, Gen.Select(MapWrite.States(tester), frames),
            (state, frame) =>
            {
                foreach (var write in state)
                    tester.SetMapEntry(tester.Maps[write.Map], write.KeyFor(frame), write.Value);
            },
            run, writeLine);

    private static string Describe<TState>(TState state) =>
        state is System.Collections.IEnumerable items and not string
            ? "[" + string.Join(", ", items.Cast<object>()) + "]"
            : state?.ToString() ?? "none";
}
