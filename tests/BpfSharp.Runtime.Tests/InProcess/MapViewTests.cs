using BpfSharp.InProcess;
using BpfSharp.Runtime.Tests.Support;

namespace BpfSharp.Runtime.Tests.InProcess;

public unsafe class MapViewTests
{
    private static readonly ArrayMap<int> Config = new(maxEntries: 3);
    private static readonly HashMap<uint, long> Table = new(maxEntries: 8);

    [Fact]
    public void Array_view_copies_values_in_and_out_like_the_bpf_syscall()
    {
        using var kernel = new InProcessKernel();
        var view = kernel.Map(Config);
        Assert.Equal(0, view.Update(1, 5));
        int? copy = view.Lookup(1);
        Assert.Equal(5, kernel.InProgram(() => *Config.Lookup(1)));
        kernel.InProgram(() => *Config.Lookup(1) = 6);
        Assert.Equal(5, copy);
        Assert.Equal([0, 6, 0], view.ToArray());
        Assert.Null(view.Lookup(3));
        Assert.Equal(-Errno.E2BIG, view.Update(3, 1));
    }

    [Fact]
    public void Hash_view_updates_deletes_and_iterates_entries()
    {
        using var kernel = new InProcessKernel();
        var view = kernel.Map(Table);
        for (uint key = 1; key <= 3; key++)
            Assert.Equal(0, view.Update(key, key * 100));
        Assert.Equal(0, view.Delete(2));
        Assert.Equal(-Errno.ENOENT, view.Delete(2));
        Assert.Equal(-Errno.EEXIST, view.Update(1, 0, UpdateFlags.NoExist));
        Assert.Equal(
            [new KeyValuePair<uint, long>(1, 100), new KeyValuePair<uint, long>(3, 300)],
            view.Entries().OrderBy(e => e.Key));
        Assert.Equal(300L, kernel.InProgram(() => *Table.Lookup(3)));
    }
}
