using BpfSharp.InProcess;
using BpfSharp.Runtime.Tests.Support;

namespace BpfSharp.Runtime.Tests.Maps;

public unsafe class ArrayMapTests
{
    private static readonly ArrayMap<ulong> Counters = new(maxEntries: 4);

    [Fact]
    public void Lookup_in_range_returns_a_zeroed_value()
    {
        using var kernel = new InProcessKernel();
        Assert.Equal(0UL, kernel.InProgram(() => *Counters.Lookup(3)));
    }

    [Fact]
    public void Lookup_out_of_range_returns_null()
    {
        using var kernel = new InProcessKernel();
        Assert.True(kernel.InProgram(() => Counters.Lookup(4) == null));
    }

    [Fact]
    public void Lookup_returns_a_stable_pointer_that_writes_through_to_the_map()
    {
        using var kernel = new InProcessKernel();
        kernel.InProgram(() =>
        {
            ulong* first = Counters.Lookup(1);
            *first = 41;
            Assert.True(first == Counters.Lookup(1));
            (*Counters.Lookup(1))++;
        });
        Assert.Equal(42UL, kernel.Map(Counters).Lookup(1));
    }

    [Fact]
    public void Update_out_of_range_fails_with_E2BIG()
    {
        using var kernel = new InProcessKernel();
        Assert.Equal(-Errno.E2BIG, kernel.InProgram(() => Counters.Update(4, 1)));
    }

    [Fact]
    public void Update_with_NoExist_fails_with_EEXIST_because_array_entries_always_exist()
    {
        using var kernel = new InProcessKernel();
        Assert.Equal(-Errno.EEXIST, kernel.InProgram(() => Counters.Update(0, 1, UpdateFlags.NoExist)));
        Assert.Equal(0UL, kernel.Map(Counters).Lookup(0));
    }

    [Fact]
    public void Update_with_Exist_replaces_the_value()
    {
        using var kernel = new InProcessKernel();
        Assert.Equal(0, kernel.InProgram(() => Counters.Update(2, 7, UpdateFlags.Exist)));
        Assert.Equal(7UL, kernel.Map(Counters).Lookup(2));
    }

    [Fact]
    public void Update_with_unknown_flags_fails_with_EINVAL()
    {
        using var kernel = new InProcessKernel();
        Assert.Equal(-Errno.EINVAL, kernel.InProgram(() => Counters.Update(0, 1, (UpdateFlags)3)));
    }

    [Fact]
    public void Each_kernel_has_its_own_storage_for_the_same_descriptor()
    {
        using var first = new InProcessKernel();
        using var second = new InProcessKernel();
        first.InProgram(() => Counters.Update(0, 5));
        Assert.Equal(5UL, first.Map(Counters).Lookup(0));
        Assert.Equal(0UL, second.Map(Counters).Lookup(0));
    }

    [Fact]
    public void Map_operations_outside_a_run_are_refused_with_a_clear_error()
    {
        var error = Assert.Throws<InvalidOperationException>(() => Counters.Update(0, 1));
        Assert.Contains("outside a program run", error.Message);
    }
}
