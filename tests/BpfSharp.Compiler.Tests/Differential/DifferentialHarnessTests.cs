using BpfSharp.Compiler.Tests.Corpus;
using BpfSharp.Testing;
using Xunit.Sdk;

namespace BpfSharp.Compiler.Tests.Differential;

/// <summary>The harness itself: it must notice when the two sides disagree.</summary>
public class DifferentialHarnessTests
{
    [KernelFact]
    public void Map_written_on_one_side_only_is_reported_as_a_difference()
    {
        using var harness = DifferentialHarness.Load("ArrayMaps.cs", typeof(ArrayMaps));
        harness.AssertMapsEqual();

        harness.Kernel.Map(ArrayMaps.Counters).Update(1, 99);

        var failure = Assert.Throws<TrueException>(harness.AssertMapsEqual);
        Assert.Contains("map 'Counters' differs", failure.Message);
    }
}
