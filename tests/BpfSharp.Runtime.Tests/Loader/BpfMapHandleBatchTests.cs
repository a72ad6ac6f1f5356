using System.Runtime.InteropServices;
using BpfSharp.Loader;
using BpfSharp.Testing;

namespace BpfSharp.Runtime.Tests.Loader;

public class BpfMapHandleBatchTests
{
    private static string UniqueName(string prefix) => prefix + Guid.NewGuid().ToString("N")[..6];

    [KernelFact]
    public void An_array_written_by_UpdateBatch_reads_back_whole_through_LookupBatch_and_per_element()
    {
        using var map = BpfMapHandle.Create(BpfMapType.Array, UniqueName("batch_arr"), sizeof(uint), sizeof(ulong), 100);
        uint[] indexes = [0, 7, 50, 99];
        ulong[] written = [11, 0xDEADBEEF, ulong.MaxValue, 42];

        map.UpdateBatch(MemoryMarshal.AsBytes(indexes.AsSpan()), MemoryMarshal.AsBytes(written.AsSpan()));
        var keys = new byte[100 * sizeof(uint)];
        var values = new byte[100 * sizeof(ulong)];
        int count = map.LookupBatch(keys, values);

        Assert.Equal(100, count);
        var readIndexes = MemoryMarshal.Cast<byte, uint>(keys).ToArray();
        var readValues = MemoryMarshal.Cast<byte, ulong>(values).ToArray();
        Assert.Equal(Enumerable.Range(0, 100).Select(i => (uint)i), readIndexes);
        for (int i = 0; i < 100; i++)
        {
            int at = Array.IndexOf(indexes, (uint)i);
            Assert.Equal(at < 0 ? 0 : written[at], readValues[i]);
            Assert.True(map.TryLookup((uint)i, out ulong single));
            Assert.Equal(readValues[i], single);
        }
    }

    [KernelFact]
    public void A_hash_map_with_holes_round_trips_through_UpdateBatch_and_LookupBatch()
    {
        using var map = BpfMapHandle.Create(BpfMapType.Hash, UniqueName("batch_hash"), sizeof(uint), sizeof(ulong), 64);
        uint[] keys = [.. Enumerable.Range(0, 40).Select(i => (uint)(i * 7919))];
        ulong[] values = [.. keys.Select(k => (ulong)k * 3 + 1)];
        map.UpdateBatch(MemoryMarshal.AsBytes(keys.AsSpan()), MemoryMarshal.AsBytes(values.AsSpan()));
        // Holes: every third key deleted, so buckets in the middle of the table are empty.
        var kept = new Dictionary<uint, ulong>();
        for (int i = 0; i < keys.Length; i++)
        {
            if (i % 3 == 0)
                Assert.True(map.Delete(keys[i]));
            else
                kept[keys[i]] = values[i];
        }

        var readKeys = new byte[64 * sizeof(uint)];
        var readValues = new byte[64 * sizeof(ulong)];
        int count = map.LookupBatch(readKeys, readValues);

        var read = new Dictionary<uint, ulong>();
        for (int i = 0; i < count; i++)
            read.Add(BitConverter.ToUInt32(readKeys, i * sizeof(uint)), BitConverter.ToUInt64(readValues, i * sizeof(ulong)));
        Assert.Equal(kept.OrderBy(e => e.Key), read.OrderBy(e => e.Key));
        Assert.Equal(kept.Count, map.Keys<uint>().Count);
    }

    [KernelFact]
    public void An_empty_hash_map_reads_as_no_entries()
    {
        using var map = BpfMapHandle.Create(BpfMapType.Hash, UniqueName("batch_empty"), sizeof(uint), sizeof(uint), 8);

        Assert.Equal(0, map.LookupBatch(new byte[8 * sizeof(uint)], new byte[8 * sizeof(uint)]));
    }

    [KernelFact]
    public void A_per_cpu_array_batch_holds_every_possible_CPU_value_of_each_element()
    {
        using var map = BpfMapHandle.Create(BpfMapType.PerCpuArray, UniqueName("batch_pcpu"), sizeof(uint), sizeof(uint), 3);
        int cpus = BpfMapHandle.PossibleCpus;
        Assert.Equal(8 * cpus, map.BatchValueSize);
        var element = new byte[map.BatchValueSize];
        for (int cpu = 0; cpu < cpus; cpu++)
            BitConverter.TryWriteBytes(element.AsSpan(cpu * 8), (uint)(100 + cpu));

        map.UpdateBatch(BitConverter.GetBytes(2u), element);
        var values = new byte[3 * map.BatchValueSize];
        Assert.Equal(3, map.LookupBatch(new byte[3 * sizeof(uint)], values));

        Assert.All(values.AsSpan(0, 2 * map.BatchValueSize).ToArray(), b => Assert.Equal(0, b));
        for (int cpu = 0; cpu < cpus; cpu++)
            Assert.Equal((uint)(100 + cpu), BitConverter.ToUInt32(values, 2 * map.BatchValueSize + cpu * 8));
    }

    [KernelFact]
    public void UpdateBatch_refusing_an_entry_says_how_many_were_written_before_it()
    {
        using var map = BpfMapHandle.Create(BpfMapType.Array, UniqueName("batch_oob"), sizeof(uint), sizeof(uint), 4);
        uint[] indexes = [1, 2, 9];
        uint[] values = [10, 20, 90];

        var error = Assert.Throws<BpfException>(() => map.UpdateBatch(MemoryMarshal.AsBytes(indexes.AsSpan()), MemoryMarshal.AsBytes(values.AsSpan())));

        Assert.Equal(Errno.E2BIG, error.Errno);
        Assert.Contains("2 written before the refused one", error.Message);
        Assert.True(map.TryLookup(2u, out uint second));
        Assert.Equal(20u, second);
    }

    [KernelFact]
    public void LookupBatch_refuses_a_buffer_smaller_than_the_map()
    {
        using var map = BpfMapHandle.Create(BpfMapType.Hash, UniqueName("batch_small"), sizeof(uint), sizeof(uint), 8);

        var error = Assert.Throws<ArgumentException>(() => map.LookupBatch(new byte[4 * sizeof(uint)], new byte[8 * sizeof(uint)]));

        Assert.Contains("needs 32 bytes, not 16", error.Message);
    }
}
