using BpfSharp.Loader;
using BpfSharp.Testing;

namespace BpfSharp.Runtime.Tests.Loader;

public class PinningTests
{
    [KernelFact]
    public void A_created_map_of_no_object_keeps_its_value_once_pinned_and_closed()
    {
        using var pins = new TemporaryPinDirectory();
        string path = pins.PathOf("record");
        using (var created = BpfMapHandle.Create(BpfMapType.Array, "record", 4, 16, 1))
        {
            created.Update(0u, (1ul, 2ul));
            created.Pin(path);
        }

        using var opened = BpfMapHandle.OpenPinned(path);

        Assert.Equal((BpfMapType.Array, 4, 16, 1, "record"), (opened.Type, opened.KeySize, opened.ValueSize, opened.Info.MaxEntries, opened.Name));
        Assert.True(opened.TryLookup(0u, out (ulong, ulong) value));
        Assert.Equal((1ul, 2ul), value);
    }

    [KernelFact]
    public void Creating_a_map_the_kernel_refuses_says_which_and_why()
    {
        var refused = Assert.Throws<BpfException>(() => BpfMapHandle.Create(BpfMapType.Array, "bad", 8, 4, 1)); // array keys are 4 bytes

        Assert.Equal(Errno.EINVAL, refused.Errno);
        Assert.StartsWith("Creating Array map 'bad' failed: EINVAL", refused.Message);
    }

    [KernelFact]
    public void Pinned_map_opens_by_path_with_its_shape_and_contents_and_unpin_removes_the_path()
    {
        using var pins = new TemporaryPinDirectory();
        using var obj = BpfObject.Open(FixtureObjects.PathOf("maps"));
        using var loaded = obj.Load();
        var counters = loaded.Map("counters");
        counters.Update(1u, 77ul);
        string path = pins.PathOf("counters");

        counters.Pin(path);
        using (var opened = BpfMapHandle.OpenPinned(path))
        {
            Assert.Equal((BpfMapType.Hash, 4, 8, 4, "counters"), (opened.Type, opened.KeySize, opened.ValueSize, opened.Info.MaxEntries, opened.Name));
            Assert.True(opened.TryLookup(1u, out ulong value));
            Assert.Equal(77ul, value);
        }
        counters.Unpin(path);

        Assert.False(File.Exists(path));
        Assert.Equal(Errno.ENOENT, Assert.Throws<BpfException>(() => BpfMapHandle.OpenPinned(path)).Errno);
    }

    [KernelFact]
    public void Map_with_a_pin_path_is_pinned_on_load_and_a_second_object_reuses_it()
    {
        using var pins = new TemporaryPinDirectory();
        string path = pins.PathOf("shared_counters");
        using var first = BpfObject.Open(FixtureObjects.PathOf("maps"));
        first.SetPinPath("counters", path);
        Assert.Equal(path, first.Maps.Single(m => m.Name == "counters").PinPath);
        using var firstLoaded = first.Load();
        firstLoaded.Map("counters").Update(0u, 1ul);

        using var second = BpfObject.Open(FixtureObjects.PathOf("maps"));
        second.SetPinPath("counters", path);
        using var secondLoaded = second.Load();
        secondLoaded.Program("xdp_count").TestRun(Packets.Counting(64));

        Assert.True(File.Exists(path));
        Assert.True(firstLoaded.Map("counters").TryLookup(0u, out ulong value));
        Assert.Equal(2ul, value);
    }

    [KernelFact]
    public void Reuse_pinned_map_shares_it_between_objects()
    {
        using var pins = new TemporaryPinDirectory();
        string path = pins.PathOf("counters");
        using var first = BpfObject.Open(FixtureObjects.PathOf("maps"));
        using var firstLoaded = first.Load();
        firstLoaded.Map("counters").Pin(path);

        using var second = BpfObject.Open(FixtureObjects.PathOf("maps"));
        second.ReusePinnedMap("counters", path);
        using var secondLoaded = second.Load();
        secondLoaded.Map("counters").Update(3u, 33ul);

        Assert.True(firstLoaded.Map("counters").TryLookup(3u, out ulong value));
        Assert.Equal(33ul, value);
    }

    [KernelFact]
    public void Reusing_a_path_where_nothing_is_pinned_throws_ENOENT()
    {
        using var pins = new TemporaryPinDirectory();
        using var obj = BpfObject.Open(FixtureObjects.PathOf("maps"));

        var error = Assert.Throws<BpfException>(() => obj.ReusePinnedMap("counters", pins.PathOf("absent")));

        Assert.Equal(Errno.ENOENT, error.Errno);
    }

    [KernelFact]
    public void Program_pin_and_unpin_create_and_remove_the_path()
    {
        using var pins = new TemporaryPinDirectory();
        using var obj = BpfObject.Open(FixtureObjects.PathOf("maps"));
        using var loaded = obj.Load();
        var program = loaded.Program("xdp_count");
        string path = pins.PathOf("xdp_count");

        program.Pin(path);
        bool pinned = File.Exists(path);
        program.Unpin(path);

        Assert.True(pinned);
        Assert.False(File.Exists(path));
    }

    [KernelFact]
    public void Temporary_pin_directory_is_removed_with_its_pins()
    {
        string directory;
        using (var pins = new TemporaryPinDirectory())
        {
            directory = pins.Path;
            using var obj = BpfObject.Open(FixtureObjects.PathOf("maps"));
            using var loaded = obj.Load();
            loaded.Map("counters").Pin(pins.PathOf("left_behind"));
        }

        Assert.False(Directory.Exists(directory));
    }

    [KernelFact]
    public void Pin_path_holding_an_incompatible_map_fails_the_load_with_libbpfs_explanation()
    {
        using var pins = new TemporaryPinDirectory();
        string path = pins.PathOf("not_counters");
        using var first = BpfObject.Open(FixtureObjects.PathOf("maps"));
        using var firstLoaded = first.Load();
        firstLoaded.Map("per_cpu_hits").Pin(path);
        using var second = BpfObject.Open(FixtureObjects.PathOf("maps"));
        second.SetPinPath("counters", path);

        var error = Assert.Throws<BpfLoadException>(() => second.Load());

        Assert.Null(error.ProgramName);
        Assert.Equal("", error.VerifierLog);
        Assert.Contains("libbpf said", error.Message);
        Assert.Contains(error.LibbpfMessages, m => m.Contains("counters") && m.Contains(path));
    }

    [KernelFact]
    public void Opening_a_pinned_program_as_a_map_is_refused()
    {
        using var pins = new TemporaryPinDirectory();
        using var obj = BpfObject.Open(FixtureObjects.PathOf("maps"));
        using var loaded = obj.Load();
        string path = pins.PathOf("xdp_count");
        loaded.Program("xdp_count").Pin(path);

        var error = Assert.Throws<BpfException>(() => BpfMapHandle.OpenPinned(path));

        Assert.Equal(Errno.EINVAL, error.Errno);
        Assert.Contains("not a map", error.Message);
    }
}
