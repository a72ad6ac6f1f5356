using BpfSharp.InProcess;
using BpfSharp.Runtime.Tests.Support;

namespace BpfSharp.Runtime.Tests.Maps;

public unsafe class LruHashMapTests
{
    private static readonly LruHashMap<uint, uint> Recent = new(maxEntries: 3);

    [Fact]
    public void Inserting_into_a_full_map_evicts_the_least_recently_inserted_entry()
    {
        using var kernel = new InProcessKernel();
        kernel.InProgram(() =>
        {
            for (uint key = 1; key <= 4; key++)
                Assert.Equal(0, Recent.Update(key, key * 10));
        });
        Assert.Equal([2u, 3u, 4u], kernel.Map(Recent).Entries().Select(e => e.Key).Order());
    }

    [Fact]
    public void A_program_lookup_marks_an_entry_recently_used_so_another_is_evicted()
    {
        using var kernel = new InProcessKernel();
        kernel.InProgram(() =>
        {
            Recent.Update(1, 10);
            Recent.Update(2, 20);
            Recent.Update(3, 30);
            Assert.True(Recent.Lookup(1) != null);
            Recent.Update(4, 40);
        });
        Assert.Null(kernel.Map(Recent).Lookup(2));
        Assert.Equal(10u, kernel.Map(Recent).Lookup(1));
    }

    [Fact]
    public void A_userspace_lookup_does_not_refresh_recency()
    {
        using var kernel = new InProcessKernel();
        kernel.InProgram(() =>
        {
            Recent.Update(1, 10);
            Recent.Update(2, 20);
            Recent.Update(3, 30);
        });
        Assert.Equal(10u, kernel.Map(Recent).Lookup(1));
        kernel.InProgram(() => Recent.Update(4, 40));
        Assert.Null(kernel.Map(Recent).Lookup(1));
    }

    [Fact]
    public void NoExist_and_Exist_flags_keep_their_hash_map_meaning()
    {
        using var kernel = new InProcessKernel();
        kernel.InProgram(() =>
        {
            Assert.Equal(0, Recent.Update(1, 10, UpdateFlags.NoExist));
            Assert.Equal(-Errno.EEXIST, Recent.Update(1, 11, UpdateFlags.NoExist));
            Assert.Equal(-Errno.ENOENT, Recent.Update(2, 20, UpdateFlags.Exist));
            Assert.Equal(-Errno.ENOENT, Recent.Delete(2));
        });
    }
}
