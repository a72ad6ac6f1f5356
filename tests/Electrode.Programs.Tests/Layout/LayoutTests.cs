using System.Numerics;
using Electrode.Programs.Counting;
using Electrode.Programs.Layout;
using Electrode.Programs.Maps;
using Electrode.Vr.Transport;

namespace Electrode.Programs.Tests.Layout;

public class LayoutTests
{
    [Fact]
    public void Replica_limit_is_the_clusters()
    {
        Assert.Equal(ClusterConfiguration.MaxReplicas, ReplicaEntry.MaxReplicas);
        Assert.Equal(ReplicaEntry.MaxReplicas, ElectrodeMaps.Replicas.MaxEntries);
    }

    [Fact]
    public void Quorum_slot_count_is_a_power_of_two_so_an_op_selects_its_slot_by_mask()
    {
        Assert.True(BitOperations.IsPow2(QuorumSlot.Count));
        Assert.Equal((int)QuorumSlot.Count, ElectrodeMaps.QuorumSlots.MaxEntries);
    }

    [Fact]
    public void Record_capacity_mask_bounds_every_length_from_1_to_capacity_to_itself()
    {
        Assert.True(BitOperations.IsPow2(DatagramBytes.Capacity));
        for (uint length = 1; length <= DatagramBytes.Capacity; length++)
            Assert.Equal(length, ((length - 1) & DatagramBytes.LengthMask) + 1);
    }

    [Fact]
    public void Every_reason_and_path_has_a_counter_slot()
    {
        Assert.All(Enum.GetValues<Reason>(), reason => Assert.InRange((int)reason, 0, PathCounters.ReasonSlots - 1));
        Assert.All(Enum.GetValues<ElectrodeProgram>(), path => Assert.InRange((int)path, 0, PathCounters.PathSlots - 1));
        Assert.Equal(PathCounters.PathSlots, ElectrodeMaps.Counters.MaxEntries);
    }

    [Fact]
    public void Map_names_fit_the_kernels_object_name_limit()
    {
        var maps = typeof(ElectrodeMaps).GetFields().Where(f => f.IsDefined(typeof(BpfSharp.MapAttribute), false)).ToList();
        Assert.Equal(6, maps.Count);
        Assert.All(maps, f => Assert.InRange(f.Name.Length, 1, 15));
    }
}
