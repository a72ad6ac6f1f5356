using BpfSharp.Loader;
using BpfSharp.Testing;

namespace BpfSharp.Runtime.Tests.Loader.Typed;

public sealed class TypedMapTests : IDisposable
{
    private readonly LoadedBpfObject loaded;

    public TypedMapTests()
    {
        using var obj = BpfObject.Open(FixtureObjects.PathOf("maps"));
        loaded = obj.Load();
    }

    public void Dispose() => loaded.Dispose();

    [KernelFact]
    public void A_typed_hash_map_updates_reads_lists_and_deletes_entries_by_typed_keys()
    {
        var counters = new BpfHashMap<uint, ulong>(loaded.Map("counters"));

        counters.Update(7, 70);
        counters.Update(8, 80);
        Assert.True(counters.TryLookup(7, out ulong seven));
        Assert.True(counters.Delete(8));

        Assert.Equal(70ul, seven);
        Assert.Equal([7u], counters.Keys());
        Assert.Equal([new KeyValuePair<uint, ulong>(7, 70)], counters.Entries());
        Assert.False(counters.TryLookup(8, out _));
    }

    [KernelFact]
    public void A_typed_per_cpu_array_writes_and_reads_one_value_per_possible_cpu()
    {
        var hits = new BpfPerCpuArrayMap<ulong>(loaded.Map("per_cpu_hits"));
        var values = Enumerable.Range(1, BpfMapHandle.PossibleCpus).Select(cpu => (ulong)cpu * 10).ToArray();

        hits.Update(1, values);

        Assert.Equal(values, hits.Lookup(1));
        Assert.Equal(new ulong[BpfMapHandle.PossibleCpus], hits.Lookup(0));
        Assert.Throws<ArgumentOutOfRangeException>(() => hits.Lookup(2));
    }

    [KernelFact]
    public void A_map_viewed_as_another_kind_is_refused_with_both_kinds_named()
    {
        var error = Assert.Throws<ArgumentException>(() => new BpfArrayMap<ulong>(loaded.Map("counters")));

        Assert.Contains("'counters' is a Hash map, not a Array map", error.Message);
    }

    [KernelFact]
    public void A_map_viewed_with_types_of_other_sizes_is_refused_with_both_sizes_named()
    {
        var error = Assert.Throws<ArgumentException>(() => new BpfHashMap<uint, uint>(loaded.Map("counters")));

        Assert.Contains("4-byte keys and 8-byte values; the types given have 4-byte keys and 4-byte values", error.Message);
    }
}
