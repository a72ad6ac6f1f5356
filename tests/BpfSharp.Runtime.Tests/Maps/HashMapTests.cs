using BpfSharp.InProcess;
using BpfSharp.Runtime.Tests.Support;

namespace BpfSharp.Runtime.Tests.Maps;

public unsafe class HashMapTests
{
    private struct FlowKey
    {
        public uint Address;
        public ushort Port;
        public ushort Protocol;
    }

    private static readonly HashMap<FlowKey, ulong> Flows = new(maxEntries: 2);
    private static readonly HashMap<uint, uint> Small = new(maxEntries: 3);

    private static FlowKey Key(uint address) => new() { Address = address, Port = 80, Protocol = 17 };

    [Fact]
    public void Lookup_of_an_absent_key_returns_null()
    {
        using var kernel = new InProcessKernel();
        Assert.True(kernel.InProgram(() => Flows.Lookup(Key(1)) == null));
    }

    [Fact]
    public void Update_then_lookup_finds_the_value_by_key_bytes()
    {
        using var kernel = new InProcessKernel();
        Assert.Equal(0, kernel.InProgram(() => Flows.Update(Key(1), 11)));
        Assert.Equal(11UL, kernel.InProgram(() => *Flows.Lookup(Key(1))));
    }

    [Fact]
    public void Insert_beyond_max_entries_fails_with_E2BIG()
    {
        using var kernel = new InProcessKernel();
        kernel.InProgram(() =>
        {
            Assert.Equal(0, Flows.Update(Key(1), 1));
            Assert.Equal(0, Flows.Update(Key(2), 2));
            Assert.Equal(-Errno.E2BIG, Flows.Update(Key(3), 3));
        });
        Assert.Equal(2, kernel.Map(Flows).Count);
    }

    [Fact]
    public void Replacing_a_present_key_in_a_full_map_succeeds()
    {
        using var kernel = new InProcessKernel();
        kernel.InProgram(() =>
        {
            Flows.Update(Key(1), 1);
            Flows.Update(Key(2), 2);
            Assert.Equal(0, Flows.Update(Key(2), 20));
        });
        Assert.Equal(20UL, kernel.Map(Flows).Lookup(Key(2)));
    }

    [Fact]
    public void NoExist_on_a_present_key_fails_with_EEXIST()
    {
        using var kernel = new InProcessKernel();
        kernel.Map(Small).Update(5, 50);
        Assert.Equal(-Errno.EEXIST, kernel.InProgram(() => Small.Update(5, 51, UpdateFlags.NoExist)));
        Assert.Equal(50u, kernel.Map(Small).Lookup(5));
    }

    [Fact]
    public void Exist_on_an_absent_key_fails_with_ENOENT()
    {
        using var kernel = new InProcessKernel();
        Assert.Equal(-Errno.ENOENT, kernel.InProgram(() => Small.Update(5, 51, UpdateFlags.Exist)));
        Assert.Equal(0, kernel.Map(Small).Count);
    }

    [Fact]
    public void Delete_of_an_absent_key_fails_with_ENOENT()
    {
        using var kernel = new InProcessKernel();
        Assert.Equal(-Errno.ENOENT, kernel.InProgram(() => Small.Delete(9)));
    }

    [Fact]
    public void Delete_removes_the_entry_and_makes_room()
    {
        using var kernel = new InProcessKernel();
        kernel.InProgram(() =>
        {
            Flows.Update(Key(1), 1);
            Flows.Update(Key(2), 2);
            Assert.Equal(0, Flows.Delete(Key(1)));
            Assert.True(Flows.Lookup(Key(1)) == null);
            Assert.Equal(0, Flows.Update(Key(3), 3));
        });
    }

    [Fact]
    public void A_pointer_to_a_deleted_entry_stays_readable_until_the_run_ends()
    {
        using var kernel = new InProcessKernel();
        kernel.Map(Small).Update(1, 0xfeed);
        uint seen = kernel.InProgram(() =>
        {
            uint* value = Small.Lookup(1);
            Small.Delete(1);
            Small.Update(2, 0xbad);
            return *value;
        });
        Assert.Equal(0xfeedu, seen);
    }

    [Fact]
    public void Updating_a_present_key_installs_a_new_element_and_old_pointers_see_the_old_value()
    {
        using var kernel = new InProcessKernel();
        kernel.Map(Small).Update(1, 100);
        (uint old, uint fresh) = kernel.InProgram(() =>
        {
            uint* before = Small.Lookup(1);
            Small.Update(1, 200);
            return (*before, *Small.Lookup(1));
        });
        Assert.Equal((100u, 200u), (old, fresh));
    }
}
