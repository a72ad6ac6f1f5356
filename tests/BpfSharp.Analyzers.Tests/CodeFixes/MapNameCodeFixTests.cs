using BpfSharp.Analyzers.CodeFixes;

namespace BpfSharp.Analyzers.Tests.CodeFixes;

public class MapNameCodeFixTests
{
    [Fact]
    public async Task A_map_name_longer_than_15_characters_becomes_its_snake_case_cut_to_15_and_BPF0103_is_gone()
    {
        var result = await CodeFixRuns.Apply(new MapNameCodeFix(), """
            using BpfSharp;

            public static class Filter
            {
                [Map] public static readonly ArrayMap<uint> ReplicaStatusCounters = new(4);

                [Xdp]
                public static XdpAction Run(XdpContext ctx) => XdpAction.Pass;
            }
            """, "BPF0103");

        Assert.Equal("Name the map \"replica_status\"", result.Title);
        Assert.Contains("""[Map(Name = "replica_status")] public static readonly ArrayMap<uint> ReplicaStatusCounters = new(4);""", result.Source);
        Assert.Empty(result.AnalyzerDiagnostics);
        Assert.Empty(result.CompilerErrors);
    }

    [Fact]
    public async Task Two_maps_of_one_name_get_a_suffixed_name_for_the_second_and_keep_their_other_attribute_arguments()
    {
        var result = await CodeFixRuns.Apply(new MapNameCodeFix(), """
            using BpfSharp;

            public static class Ingress
            {
                [Map] public static readonly ArrayMap<uint> Counts = new(4);
            }

            public static class Egress
            {
                [Map(Pinning = MapPinning.ByName)] public static readonly ArrayMap<uint> Counts = new(4);

                [Xdp]
                public static XdpAction Run(XdpContext ctx) => XdpAction.Pass;
            }
            """, "BPF0103");

        Assert.Contains("""[Map(Pinning = MapPinning.ByName, Name = "counts")] public static readonly ArrayMap<uint> Counts = new(4);""", result.Source);
        Assert.Empty(result.AnalyzerDiagnostics);
        Assert.Empty(result.CompilerErrors);
    }

    [Fact]
    public async Task A_cut_name_another_map_has_gets_a_suffix_within_15_characters()
    {
        var result = await CodeFixRuns.Apply(new MapNameCodeFix(), """
            using BpfSharp;

            public static class Filter
            {
                [Map(Name = "flow_statistics")] public static readonly ArrayMap<uint> Flows = new(4);
                [Map] public static readonly ArrayMap<uint> FlowStatisticsTable = new(4);

                [Xdp]
                public static XdpAction Run(XdpContext ctx) => XdpAction.Pass;
            }
            """, "BPF0103");

        Assert.Contains("""[Map(Name = "flow_statisti_2")] public static readonly ArrayMap<uint> FlowStatisticsTable = new(4);""", result.Source);
        Assert.Empty(result.AnalyzerDiagnostics);
    }
}
