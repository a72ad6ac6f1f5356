using System.Reflection;
using BpfSharp.Compiler.Tests.Corpus;
using BpfSharp.Differential;
using BpfSharp.Testing;
using BpfSharp.Testing.Properties;
using Xunit.Abstractions;

namespace BpfSharp.Compiler.Tests.Differential;

/// <summary>
/// Every program of the corpus, on generated frames (random bytes, IPv4/UDP and IPv6/UDP frames and their mutations) and
/// generated map states, in-process and in the kernel: verdict, packet out, ring records and every map must agree.
/// <see cref="DifferentialProperty.Cases"/> cases per program (10,000 in CI; scripts/differential.sh runs more).
/// </summary>
public class CorpusPropertyTests(ITestOutputHelper output)
{
    /// <summary>Every [Xdp] and [Tc] method of the corpus, as (class, method).</summary>
    public static TheoryData<string, string> Programs()
    {
        var programs = new TheoryData<string, string>();
        foreach (var type in typeof(Calls).Assembly.GetTypes().Where(t => t.Namespace == typeof(Calls).Namespace).OrderBy(t => t.Name, StringComparer.Ordinal))
            foreach (var method in type.GetMethods(BindingFlags.Public | BindingFlags.Static).Where(m => m.GetCustomAttribute<BpfProgramAttribute>() is not null))
                programs.Add(type.Name, method.Name);
        return programs;
    }

    [KernelTheory]
    [MemberData(nameof(Programs))]
    public void Generated_frames_and_maps_give_the_same_results_in_process_and_in_the_kernel(string type, string method)
    {
        Type programType = typeof(Calls).Assembly.GetType(typeof(Calls).Namespace + "." + type)!;
        MethodInfo entry = programType.GetMethod(method)!;
        using var harness = DifferentialHarness.Load(type + ".cs", programType, timeFields: TimeFieldsOf(programType));
        FillTailCallSlots(harness, programType);

        Func<byte[], DifferentialRun> run;
        if (entry.GetCustomAttribute<XdpAttribute>() is not null)
        {
            var xdp = entry.CreateDelegate<Func<XdpContext, XdpAction>>();
            run = frame => harness.Tester.CompareXdp(xdp, frame);
        }
        else
        {
            var tc = entry.CreateDelegate<Func<TcContext, TcAction>>();
            run = frame => harness.Tester.CompareTc(tc, frame);
        }
        var tally = DifferentialProperty.Check(harness.Tester, $"{type}.{method}", FrameGen.Frames(), run, output.WriteLine);

        Assert.Equal(0, tally.Divergences);
        Assert.True(tally.ReturnCodes.Values.Sum() > tally.Cases / 2, $"most cases must run on both sides: {tally}");
    }

    /// <summary>The tail-call slots the corpus's own tests use, so that generated frames reach the targets.</summary>
    private static void FillTailCallSlots(DifferentialHarness harness, Type programType)
    {
        if (programType == typeof(TailCalls))
        {
            harness.SetTailCall(TailCalls.Handlers, 1, TailCalls.Dropper);
            harness.SetTailCall(TailCalls.Handlers, 2, TailCalls.Bouncer);
        }
        else if (programType == typeof(TcPrograms))
        {
            harness.SetTailCall(TcPrograms.Stages, 1, TcPrograms.SecondStage);
        }
    }

    private static TimeField[] TimeFieldsOf(Type programType) => programType == typeof(Timestamps)
        ? [TimeField.InPacket(16), TimeField.InMapValue(nameof(Timestamps.Seen), 8)]
        : [];
}
