using BpfSharp.Loader;
using BpfSharp.Testing;

namespace BpfSharp.Runtime.Tests.Loader;

public sealed class BpfMapHandleTests : IDisposable
{
    private readonly LoadedBpfObject loaded;

    public BpfMapHandleTests()
    {
        using var obj = BpfObject.Open(FixtureObjects.PathOf("maps"));
        loaded = obj.Load();
    }

    public void Dispose() => loaded.Dispose();

    private BpfMapHandle Counters => loaded.Map("counters");

    [KernelFact]
    public void Update_Any_creates_then_overwrites_and_lookup_reads_it_back()
    {
        Counters.Update(1u, 10ul);
        Assert.True(Counters.TryLookup(1u, out ulong first));
        Counters.Update(1u, 11ul, UpdateFlags.Any);
        Assert.True(Counters.TryLookup(1u, out ulong second));

        Assert.Equal((10ul, 11ul), (first, second));
    }

    [KernelFact]
    public void Update_NoExist_creates_an_absent_key_and_fails_with_EEXIST_on_a_present_one()
    {
        Counters.Update(2u, 20ul, UpdateFlags.NoExist);

        var error = Assert.Throws<BpfException>(() => Counters.Update(2u, 21ul, UpdateFlags.NoExist));

        Assert.Equal(Errno.EEXIST, error.Errno);
        Assert.Contains("EEXIST", error.Message);
        Assert.True(Counters.TryLookup(2u, out ulong value));
        Assert.Equal(20ul, value);
    }

    [KernelFact]
    public void Update_Exist_overwrites_a_present_key_and_fails_with_ENOENT_on_an_absent_one()
    {
        var error = Assert.Throws<BpfException>(() => Counters.Update(3u, 30ul, UpdateFlags.Exist));
        Assert.Equal(Errno.ENOENT, error.Errno);
        Assert.False(Counters.TryLookup(3u, out ulong _));

        Counters.Update(3u, 30ul);
        Counters.Update(3u, 31ul, UpdateFlags.Exist);
        Assert.True(Counters.TryLookup(3u, out ulong value));
        Assert.Equal(31ul, value);
    }

    [KernelFact]
    public void Update_of_a_new_key_in_a_full_hash_map_fails_with_E2BIG()
    {
        for (uint key = 10; key < 14; key++)
            Counters.Update(key, (ulong)key);

        var error = Assert.Throws<BpfException>(() => Counters.Update(99u, 1ul));

        Assert.Equal(Errno.E2BIG, error.Errno);
        Assert.Contains("full", error.Message);
    }

    [KernelFact]
    public void Lookup_of_an_absent_key_returns_false()
    {
        Assert.False(Counters.TryLookup(42u, out ulong value));
        Assert.Equal(0ul, value);
    }

    [KernelFact]
    public void Delete_removes_a_present_key_and_returns_false_for_an_absent_one()
    {
        Counters.Update(5u, 50ul);

        Assert.True(Counters.Delete(5u));
        Assert.False(Counters.TryLookup(5u, out ulong _));
        Assert.False(Counters.Delete(5u));
    }

    [KernelFact]
    public void Get_next_key_walks_every_key_once()
    {
        foreach (uint key in new[] { 7u, 8u, 9u })
            Counters.Update(key, key * 100ul);

        Assert.Equal([7u, 8u, 9u], Counters.Keys<uint>().Order());
        Assert.True(Counters.TryGetNextKey(ReadOnlySpan<byte>.Empty, new byte[4]));
    }

    [KernelFact]
    public void Entries_lists_every_key_with_its_value()
    {
        Counters.Update(4u, 40ul);
        Counters.Update(6u, 60ul);

        var entries = Counters.Entries<uint, ulong>().OrderBy(e => e.Key).Select(e => (e.Key, e.Value));

        Assert.Equal([(4u, 40ul), (6u, 60ul)], entries);
    }

    [KernelFact]
    public void Key_or_value_of_the_wrong_size_is_refused_before_reaching_the_kernel()
    {
        var keyError = Assert.Throws<ArgumentException>(() => Counters.Update(1ul, 1ul));
        var valueError = Assert.Throws<ArgumentException>(() => Counters.TryLookup(new byte[4], new byte[4]));

        Assert.Contains("4-byte keys; got 8 bytes", keyError.Message);
        Assert.Contains("8-byte values; got 4 bytes", valueError.Message);
    }

    [KernelFact]
    public void Program_updates_are_visible_through_lookup()
    {
        Counters.Update(0u, 5ul);

        loaded.Program("xdp_count").TestRun(Packets.Counting(64), repeat: 4);

        Assert.True(Counters.TryLookup(0u, out ulong value));
        Assert.Equal(9ul, value);
    }

    [KernelFact]
    public void Per_cpu_lookup_returns_one_value_per_possible_cpu_and_update_sets_each()
    {
        var perCpu = loaded.Map("per_cpu_hits");
        int cpus = BpfMapHandle.PossibleCpus;
        var values = Enumerable.Range(0, cpus).Select(cpu => (ulong)(cpu + 1) * 1000).ToArray();

        perCpu.UpdatePerCpu(1u, values.AsSpan(), UpdateFlags.Exist);
        var read = perCpu.LookupPerCpu<uint, ulong>(1u);

        Assert.True(cpus >= 1);
        Assert.Equal(values, read);
        Assert.Equal(cpus, File.ReadAllText("/sys/devices/system/cpu/possible").Trim().Split(',')
            .Sum(range => range.Contains('-') ? int.Parse(range.Split('-')[1]) - int.Parse(range.Split('-')[0]) + 1 : 1));
    }

    [KernelFact]
    public void Per_cpu_counts_of_a_program_sum_to_its_runs()
    {
        var perCpu = loaded.Map("per_cpu_hits");

        loaded.Program("xdp_count").TestRun(Packets.Counting(64), repeat: 5);

        var hits = perCpu.LookupPerCpu<uint, ulong>(0u);
        Assert.NotNull(hits);
        Assert.Equal(5ul, hits.Aggregate(0ul, (sum, h) => sum + h));
    }

    [KernelFact]
    public void Single_value_access_to_a_per_cpu_map_is_refused()
    {
        var perCpu = loaded.Map("per_cpu_hits");

        var error = Assert.Throws<InvalidOperationException>(() => perCpu.TryLookup(0u, out ulong _));

        Assert.Contains("per-CPU", error.Message);
    }

    [KernelFact]
    public void Delete_from_an_array_fails_with_EINVAL()
    {
        var perCpuArray = loaded.Map("per_cpu_hits");

        var error = Assert.Throws<BpfException>(() => perCpuArray.Delete(0u));

        Assert.Equal(Errno.EINVAL, error.Errno);
    }
}
