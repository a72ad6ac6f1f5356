using BpfSharp.Loader;
using BpfSharp.Testing;

namespace BpfSharp.Runtime.Tests.Loader;

public class BpfObjectTests
{
    private const uint XdpDrop = 1;
    private const uint XdpPass = 2;
    private const uint XdpTx = 3;

    [KernelFact]
    public void Open_file_lists_programs_with_section_and_type_before_load()
    {
        using var obj = BpfObject.Open(FixtureObjects.PathOf("packet"));

        Assert.Equal("packet", obj.Name);
        Assert.Collection(obj.Programs,
            p => Assert.Equal(("xdp_swap_first_two", "xdp", BpfProgramType.Xdp), (p.Name, p.SectionName, p.Type)),
            p => Assert.Equal(("tc_mark_and_drop_short", "tc", BpfProgramType.SchedClassifier), (p.Name, p.SectionName, p.Type)));
        Assert.All(obj.Programs, p => Assert.True(p.InstructionCount > 0));
    }

    [KernelFact]
    public void Open_file_lists_maps_with_type_sizes_and_capacity_before_load()
    {
        using var obj = BpfObject.Open(FixtureObjects.PathOf("maps"));

        var counters = Assert.Single(obj.Maps, m => m.Name == "counters");
        Assert.Equal((BpfMapType.Hash, 4, 8, 4, false, (string?)null),
            (counters.Type, counters.KeySize, counters.ValueSize, counters.MaxEntries, counters.IsDataSection, counters.PinPath));
        var perCpu = Assert.Single(obj.Maps, m => m.Name == "per_cpu_hits");
        Assert.Equal((BpfMapType.PerCpuArray, 4, 8, 2), (perCpu.Type, perCpu.KeySize, perCpu.ValueSize, perCpu.MaxEntries));
    }

    [KernelFact]
    public void Open_from_memory_uses_the_given_object_name_for_data_section_maps()
    {
        using var obj = BpfObject.Open(FixtureObjects.BytesOf("verdict"), new BpfObjectOpenOptions { ObjectName = "inmem" });

        Assert.Equal("inmem", obj.Name);
        Assert.Equal("xdp_verdict", Assert.Single(obj.Programs).Name);
        Assert.Contains(obj.Maps, m => m.Name == "inmem.rodata" && m.IsDataSection);
    }

    [KernelFact]
    public void Object_opened_from_memory_loads_and_runs_with_variables_set()
    {
        var elf = FixtureObjects.BytesOf("verdict");
        using var obj = BpfObject.Open(elf);
        obj.SetVariable("verdict", XdpDrop);
        Array.Clear(elf); // the loader keeps its own copy of the image

        using var loaded = obj.Load();

        Assert.Equal(XdpDrop, loaded.Program("xdp_verdict").TestRun(Packets.Counting(64)).ReturnValue);
    }

    [KernelFact]
    public void Open_missing_file_throws_ENOENT_naming_the_path()
    {
        var error = Assert.Throws<BpfException>(() => BpfObject.Open("/nonexistent/fixture.bpf.o"));

        Assert.Equal(Errno.ENOENT, error.Errno);
        Assert.Contains("/nonexistent/fixture.bpf.o", error.Message);
    }

    [KernelFact]
    public void Open_bytes_that_are_not_elf_throws_with_libbpf_reason()
    {
        var error = Assert.Throws<BpfException>(() => BpfObject.Open("not an ELF object at all"u8));

        Assert.Equal("LIBBPF_ERRNO__FORMAT", error.ErrnoName);
        Assert.Contains("from memory failed", error.Message);
        Assert.Contains("libbpf said:", error.Message);
        Assert.Contains("not a proper ELF object", error.Message);
    }

    [KernelFact]
    public void Variables_of_rodata_data_and_bss_are_found_by_name_with_initial_values()
    {
        using var obj = BpfObject.Open(FixtureObjects.PathOf("verdict"));

        Assert.Equal(["runs_bss", "runs_data", "verdict", "verdict_offset"], obj.VariableNames.Order());
        Assert.Equal(XdpPass, obj.GetVariable<uint>("verdict"));
        Assert.Equal(0u, obj.GetVariable<uint>("verdict_offset"));
        Assert.Equal(100ul, obj.GetVariable<ulong>("runs_data"));
        Assert.Equal(0ul, obj.GetVariable<ulong>("runs_bss"));
    }

    [KernelFact]
    public void Load_succeeds_and_exposes_program_fd_and_maps()
    {
        using var obj = BpfObject.Open(FixtureObjects.PathOf("maps"));
        using var loaded = obj.Load();

        var program = loaded.Program("xdp_count");
        Assert.True(program.Fd > 0);
        Assert.True(program.Id > 0);
        Assert.True(loaded.Map("counters").Fd > 0);
        Assert.Throws<InvalidOperationException>(() => obj.Programs);
    }

    [KernelFact]
    public void Rodata_set_before_load_changes_the_test_run_result()
    {
        uint defaultVerdict;
        using (var unchanged = BpfObject.Open(FixtureObjects.PathOf("verdict")))
        using (var loaded = unchanged.Load())
            defaultVerdict = loaded.Program("xdp_verdict").TestRun(Packets.Counting(64)).ReturnValue;

        using var obj = BpfObject.Open(FixtureObjects.PathOf("verdict"));
        obj.SetVariable("verdict", XdpDrop);
        obj.SetVariable("verdict_offset", 2u);
        using var changed = obj.Load();
        var result = changed.Program("xdp_verdict").TestRun(Packets.Counting(64));

        Assert.Equal(XdpPass, defaultVerdict);
        Assert.Equal(XdpDrop + 2, result.ReturnValue);
        Assert.Equal(XdpTx, result.ReturnValue);
    }

    [KernelFact]
    public void Data_section_variable_set_before_load_is_the_map_value_after_load()
    {
        using var obj = BpfObject.Open(FixtureObjects.PathOf("verdict"));
        obj.SetVariable("runs_data", 7000ul);
        using var loaded = obj.Load();
        var program = loaded.Program("xdp_verdict");
        program.TestRun(Packets.Counting(64), repeat: 3);

        var data = loaded.Maps.Single(m => m.Name.EndsWith(".data", StringComparison.Ordinal));
        var section = new byte[data.ValueSize];
        Assert.True(data.TryLookup(new byte[4], section));
        Assert.Equal(7003ul, BitConverter.ToUInt64(section, 0));
    }

    [KernelFact]
    public void Setting_an_unknown_variable_names_the_known_ones()
    {
        using var obj = BpfObject.Open(FixtureObjects.PathOf("verdict"));

        var error = Assert.Throws<ArgumentException>(() => obj.SetVariable("verdikt", 1u));

        Assert.Contains("verdikt", error.Message);
        Assert.Contains("verdict_offset", error.Message);
    }

    [KernelFact]
    public void Setting_a_variable_with_a_value_of_the_wrong_size_is_refused()
    {
        using var obj = BpfObject.Open(FixtureObjects.PathOf("verdict"));

        var error = Assert.Throws<ArgumentException>(() => obj.SetVariable("verdict", 1ul));

        Assert.Contains("4 bytes", error.Message);
        Assert.Contains("8 bytes", error.Message);
        Assert.Equal(XdpPass, obj.GetVariable<uint>("verdict"));
    }

    [KernelFact]
    public void Verifier_rejection_throws_BpfLoadException_with_program_errno_and_source_lines_in_log_tail()
    {
        using var obj = BpfObject.Open(FixtureObjects.PathOf("unchecked_read"));

        var error = Assert.Throws<BpfLoadException>(() => obj.Load());

        Assert.Equal("xdp_unchecked_read", error.ProgramName);
        Assert.Equal(Errno.EACCES, error.Errno);
        Assert.Contains("xdp_unchecked_read", error.Message);
        Assert.Contains("EACCES", error.Message);
        Assert.Contains("invalid access to packet", error.VerifierLogTail);
        // BTF line info puts the offending source line into the log.
        Assert.Contains("data[0] == 1", error.VerifierLogTail);
        Assert.Contains(error.VerifierLogTail, error.Message);
        Assert.Equal("unchecked_read.bpf.c:9: return data[0] == 1 ? XDP_DROP : XDP_PASS;", error.FailingSourceLine);
        Assert.Contains("At unchecked_read.bpf.c:9:", error.Message);
        Assert.Equal(VerifierRejection.PacketAccess, error.Advice?.Kind);
        Assert.Contains("To fix: " + error.Advice!.Advice, error.Message);
        Assert.Throws<InvalidOperationException>(() => obj.Load());
    }
}
