using BpfSharp.Compiler.Tests.Corpus;
using BpfSharp.Testing;

namespace BpfSharp.Compiler.Tests.Differential;

/// <summary>Every map type through its program API, in the kernel and in-process.</summary>
public class MapCorpusTests
{
    [KernelFact]
    public void Array_maps_count_per_index_and_refuse_NoExist_updates_alike()
    {
        using var harness = DifferentialHarness.Load("ArrayMaps.cs", typeof(ArrayMaps));
        var results = new List<XdpAction>();
        foreach (byte index in new byte[] { 0, 3, 3, 7, 8, 200, 1 })
        {
            byte[] packet = new byte[20 + index % 5];
            packet[14] = index;
            results.Add(harness.RunXdp(ArrayMaps.Count, packet).Action);
        }

        Assert.Equal([XdpAction.Pass, XdpAction.Pass, XdpAction.Pass, XdpAction.Tx, XdpAction.Drop, XdpAction.Drop, XdpAction.Pass], results);
        Assert.Equal(2UL, harness.Kernel.Map(ArrayMaps.Counters).Lookup(3));
        Assert.Equal(1000UL, harness.Kernel.Map(ArrayMaps.Sizes).Lookup(0)!.Value.Packets);
    }

    [KernelFact]
    public void Array_map_values_set_from_userspace_are_seen_by_both_sides()
    {
        using var harness = DifferentialHarness.Load("ArrayMaps.cs", typeof(ArrayMaps));
        harness.SetArray(ArrayMaps.Counters, 5, 41UL);
        byte[] packet = new byte[32];
        packet[14] = 5;

        harness.RunXdp(ArrayMaps.Count, packet);

        Assert.Equal(42UL, harness.Kernel.Map(ArrayMaps.Counters).Lookup(5));
    }
}
