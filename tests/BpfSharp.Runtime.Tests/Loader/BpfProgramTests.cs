using System.Buffers.Binary;
using BpfSharp.Loader;
using BpfSharp.Testing;

namespace BpfSharp.Runtime.Tests.Loader;

public class BpfProgramTests
{
    private const uint XdpDrop = 1;
    private const uint XdpPass = 2;
    private const uint XdpTx = 3;
    private const uint TcActOk = 0;
    private const uint TcActShot = 2;

    [KernelFact]
    public void Xdp_test_run_returns_the_action_and_the_rewritten_packet()
    {
        using var obj = BpfObject.Open(FixtureObjects.PathOf("packet"));
        using var loaded = obj.Load();
        var packet = Packets.Counting(60);

        var result = loaded.Program("xdp_swap_first_two").TestRun(packet);

        Assert.Equal(XdpTx, result.ReturnValue);
        Assert.Equal(packet.Length, result.DataOut.Length);
        Assert.Equal(new byte[] { 2, 1 }, result.DataOut[..2]);
        Assert.Equal(packet[2..], result.DataOut[2..]);
    }

    [KernelFact]
    public void Xdp_test_run_with_repeat_reports_an_average_duration()
    {
        using var obj = BpfObject.Open(FixtureObjects.PathOf("packet"));
        using var loaded = obj.Load();

        var result = loaded.Program("xdp_swap_first_two").TestRun(Packets.Counting(60), repeat: 100);

        Assert.Equal(XdpTx, result.ReturnValue);
        Assert.True(result.DurationNanoseconds > 0);
    }

    [KernelFact]
    public void Tc_test_run_returns_the_verdict_and_the_rewritten_packet()
    {
        using var obj = BpfObject.Open(FixtureObjects.PathOf("packet"));
        using var loaded = obj.Load();
        var program = loaded.Program("tc_mark_and_drop_short");
        var packet = Packets.Counting(60);

        var result = program.TestRun(packet);
        var shortResult = program.TestRun(Packets.Counting(14));

        Assert.Equal(TcActOk, result.ReturnValue);
        Assert.Equal(0xee, result.DataOut[14]);
        Assert.Equal(packet[..14], result.DataOut[..14]);
        Assert.Equal(packet[15..], result.DataOut[15..packet.Length]);
        Assert.Equal(TcActShot, shortResult.ReturnValue);
    }

    [KernelFact]
    public void Tc_test_run_passes_the_context_in_and_returns_the_program_s_changes_in_context_out()
    {
        using var obj = BpfObject.Open(FixtureObjects.PathOf("packet"));
        using var loaded = obj.Load();
        const int skBuffSize = 192, markOffset = 8;
        var context = new byte[skBuffSize];
        BinaryPrimitives.WriteUInt32LittleEndian(context.AsSpan(markOffset), 41);

        var result = loaded.Program("tc_mark_and_drop_short").TestRun(Packets.Counting(60), context);

        Assert.Equal(skBuffSize, result.ContextOut.Length);
        Assert.Equal(42u, BinaryPrimitives.ReadUInt32LittleEndian(result.ContextOut.AsSpan(markOffset)));
    }

    [KernelFact]
    public void Test_run_of_a_packet_shorter_than_an_ethernet_header_is_refused()
    {
        using var obj = BpfObject.Open(FixtureObjects.PathOf("packet"));
        using var loaded = obj.Load();

        var error = Assert.Throws<ArgumentException>(() => loaded.Program("xdp_swap_first_two").TestRun(new byte[13]));

        Assert.Contains("14 bytes", error.Message);
    }

    [KernelFact]
    public void Test_run_with_too_small_an_output_buffer_throws_ENOSPC_with_the_needed_size()
    {
        using var obj = BpfObject.Open(FixtureObjects.PathOf("packet"));
        using var loaded = obj.Load();

        var error = Assert.Throws<BpfException>(() => loaded.Program("xdp_swap_first_two").TestRun(Packets.Counting(60), dataOutCapacity: 20));

        Assert.Equal(Errno.ENOSPC, error.Errno);
        Assert.Contains("needs 60 bytes", error.Message);
    }

    [KernelFact]
    public void Tail_call_falls_through_on_an_empty_slot_and_jumps_once_the_slot_is_set()
    {
        using var obj = BpfObject.Open(FixtureObjects.PathOf("tail_call"));
        using var loaded = obj.Load();
        var dispatch = loaded.Program("xdp_dispatch");
        var table = loaded.Map("jump_table");

        uint beforeSlotSet = dispatch.TestRun(Packets.Counting(60)).ReturnValue;
        table.SetProgram(0, loaded.Program("xdp_drop_target"));
        uint afterSlotSet = dispatch.TestRun(Packets.Counting(60)).ReturnValue;
        bool cleared = table.ClearProgram(0);
        uint afterSlotCleared = dispatch.TestRun(Packets.Counting(60)).ReturnValue;

        Assert.Equal((XdpPass, XdpDrop, true, XdpPass), (beforeSlotSet, afterSlotSet, cleared, afterSlotCleared));
    }

    [KernelFact]
    public void Setting_a_program_slot_outside_the_program_array_fails_with_E2BIG()
    {
        using var obj = BpfObject.Open(FixtureObjects.PathOf("tail_call"));
        using var loaded = obj.Load();

        var error = Assert.Throws<BpfException>(() => loaded.Map("jump_table").SetProgram(2, loaded.Program("xdp_drop_target")));

        Assert.Equal(Errno.E2BIG, error.Errno);
    }

    [KernelFact]
    public void Program_slot_operations_on_a_map_that_is_not_a_program_array_are_refused()
    {
        using var obj = BpfObject.Open(FixtureObjects.PathOf("maps"));
        using var loaded = obj.Load();

        Assert.Throws<InvalidOperationException>(() => loaded.Map("counters").SetProgram(0, loaded.Program("xdp_count")));
    }

    [KernelFact]
    public void Program_of_a_disposed_object_refuses_to_run()
    {
        using var obj = BpfObject.Open(FixtureObjects.PathOf("packet"));
        var loaded = obj.Load();
        var program = loaded.Program("xdp_swap_first_two");
        loaded.Dispose();

        Assert.Throws<ObjectDisposedException>(() => program.TestRun(Packets.Counting(60)));
    }

    [KernelFact]
    public void Statistics_report_id_translated_jited_and_verified_instruction_counts_matching_bpftool()
    {
        using var obj = BpfObject.Open(FixtureObjects.PathOf("packet"));
        using var loaded = obj.Load();
        var program = loaded.Program("xdp_swap_first_two");

        var statistics = program.Statistics;
        string bpftool = ExternalCommand.Run("bpftool", "prog", "show", "id", statistics.Id.ToString());

        Assert.Equal(program.Id, statistics.Id);
        Assert.Contains($"xlated {statistics.TranslatedInstructions * 8}B", bpftool);
        Assert.Contains($"jited {statistics.JitedBytes}B", bpftool);
        Assert.InRange(statistics.VerifiedInstructions, program.Info.InstructionCount, 1000);
    }
}
