using System.Text.RegularExpressions;
using Electrode.Cluster.Tests.Support;

namespace Electrode.Cluster.Tests.Commands;

public sealed partial class DemoCommandTests
{
    [FastPathTheory]
    [InlineData(FastPathModes.Generic)]
    [InlineData(FastPathModes.Native)]
    public void DemoMeasuresNoFastPathAndTheKernelFastPathsSideBySide_AndLeavesNoNamespace(string mode)
    {
        var before = Namespaces();
        var (exitCode, output, error) = CommandRun.Electrode(TimeSpan.FromMinutes(3), "demo", "--seconds", "1", "--warmup", "0.5", "--xdp-mode", mode);

        Assert.True(exitCode == 0, $"electrode demo exited {exitCode}: {error}{Environment.NewLine}{output}");
        Assert.DoesNotContain("not measured", output);
        Assert.Matches(ThroughputRow(), output);
        Assert.Matches(CpuRow(), output);
        Assert.Equal(before, Namespaces());
    }

    // Only cluster namespaces: other test assemblies make namespaces of their own meanwhile, and this assembly's
    // cluster tests run one at a time, so a cluster namespace that appears during the demo is the demo's.
    private static HashSet<string> Namespaces() =>
    [
        .. BpfSharp.Testing.ExternalCommand.Run("ip", "netns", "list").Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line.Split(' ')[0]).Where(name => ClusterNamespace().IsMatch(name)),
    ];

    [GeneratedRegex(@"^el[0-9a-f]{6}-(br|r\d+|c\d+)$")]
    private static partial Regex ClusterNamespace();

    [GeneratedRegex(@"throughput \(ops/s\) +\d+ +\d+ +\d+\.\d\d")]
    private static partial Regex ThroughputRow();

    [GeneratedRegex(@"machine CPU per op \(us\) +\d+\.\d +\d+\.\d +\d+\.\d\d")]
    private static partial Regex CpuRow();
}
