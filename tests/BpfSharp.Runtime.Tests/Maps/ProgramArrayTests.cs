using BpfSharp.InProcess;
using BpfSharp.Runtime.Tests.Support;

namespace BpfSharp.Runtime.Tests.Maps;

public class ProgramArrayTests
{
    private static readonly ProgramArray Jumps = new(maxEntries: 4);
    private static readonly ArrayMap<uint> Trace = new(maxEntries: 1);

    private static XdpAction Entry(XdpContext ctx)
    {
        Jumps.TailCall(ctx, 1);
        return XdpAction.Aborted;
    }

    private static XdpAction Target(XdpContext ctx) => XdpAction.Drop;

    private static unsafe XdpAction Recurse(XdpContext ctx)
    {
        (*Trace.Lookup(0))++;
        Jumps.TailCall(ctx, 0);
        return XdpAction.Pass;
    }

    private static XdpAction MissingSlot(XdpContext ctx)
    {
        Jumps.TailCall(ctx, 2);
        return XdpAction.Pass;
    }

    private static XdpAction OutOfRange(XdpContext ctx)
    {
        Jumps.TailCall(ctx, 4);
        return XdpAction.Pass;
    }

    [Fact]
    public void A_tail_call_does_not_return_and_the_target_decides_the_verdict()
    {
        using var kernel = new InProcessKernel();
        kernel.SetTailCall(Jumps, 1, Target);
        XdpRunResult result = kernel.RunXdp(Entry, Frames.Raw());
        Assert.Equal(XdpAction.Drop, result.Action);
        Assert.Equal(1, result.TailCalls);
    }

    [Fact]
    public void A_tail_call_to_an_empty_slot_falls_through()
    {
        using var kernel = new InProcessKernel();
        Assert.Equal(XdpAction.Pass, kernel.RunXdp(MissingSlot, Frames.Raw()).Action);
    }

    private static XdpAction CallsThenJump(XdpContext ctx, uint calls, uint slot)
    {
        for (uint i = 0; i < calls; i++)
            Jumps.TailCall(ctx, slot);
        Jumps.TailCall(ctx, 1);
        return XdpAction.Pass;
    }

    [Fact]
    public void By_default_calls_to_an_empty_slot_do_not_count_against_the_33_call_budget_as_on_linux_6_12_and_later()
    {
        using var kernel = new InProcessKernel();
        kernel.SetTailCall(Jumps, 1, Target);
        XdpRunResult result = kernel.RunXdp(ctx => CallsThenJump(ctx, 33, 2), Frames.Raw());
        Assert.Equal((XdpAction.Drop, 1), (result.Action, result.TailCalls));
    }

    /// <summary>Before Linux 6.12 a call into an empty slot used one of the 33; one out of range never counted.</summary>
    [Theory]
    [InlineData(TailCallCounting.CallsIntoRange, 33u, 2u, XdpAction.Pass, 0)]
    [InlineData(TailCallCounting.CallsIntoRange, 32u, 2u, XdpAction.Drop, 1)]
    [InlineData(TailCallCounting.CallsIntoRange, 40u, 4u, XdpAction.Drop, 1)]
    [InlineData(TailCallCounting.JumpsOnly, 40u, 4u, XdpAction.Drop, 1)]
    public void Calls_that_fall_through_use_up_the_budget_only_when_counted_and_in_range(TailCallCounting counting, uint calls, uint slot,
        XdpAction expectedAction, int expectedJumps)
    {
        using var kernel = new InProcessKernel { TailCallCounting = counting };
        kernel.SetTailCall(Jumps, 1, Target);
        XdpRunResult result = kernel.RunXdp(ctx => CallsThenJump(ctx, calls, slot), Frames.Raw());
        Assert.Equal((expectedAction, expectedJumps), (result.Action, result.TailCalls));
    }

    [Fact]
    public void A_chain_of_jumps_stops_at_33_when_counting_calls_into_range_too()
    {
        using var kernel = new InProcessKernel { TailCallCounting = TailCallCounting.CallsIntoRange };
        kernel.SetTailCall(Jumps, 0, Recurse);
        XdpRunResult result = kernel.RunXdp(Recurse, Frames.Raw());
        Assert.Equal((XdpAction.Pass, 33), (result.Action, result.TailCalls));
    }

    [Fact]
    public void A_tail_call_out_of_range_falls_through()
    {
        using var kernel = new InProcessKernel();
        Assert.Equal(XdpAction.Pass, kernel.RunXdp(OutOfRange, Frames.Raw()).Action);
    }

    [Fact]
    public void A_chain_takes_at_most_33_tail_calls_and_the_34th_falls_through()
    {
        using var kernel = new InProcessKernel();
        kernel.SetTailCall(Jumps, 0, Recurse);
        XdpRunResult result = kernel.RunXdp(Recurse, Frames.Raw());
        Assert.Equal(XdpAction.Pass, result.Action);
        Assert.Equal(33, result.TailCalls);
        Assert.Equal(34u, kernel.Map(Trace).Lookup(0));
    }

    [Fact]
    public void The_tail_call_budget_is_per_run()
    {
        using var kernel = new InProcessKernel();
        kernel.SetTailCall(Jumps, 0, Recurse);
        kernel.RunXdp(Recurse, Frames.Raw());
        Assert.Equal(33, kernel.RunXdp(Recurse, Frames.Raw()).TailCalls);
    }

    [Fact]
    public void A_slot_emptied_by_userspace_falls_through()
    {
        using var kernel = new InProcessKernel();
        kernel.SetTailCall(Jumps, 1, Target);
        kernel.SetTailCall(Jumps, 1, (Func<XdpContext, XdpAction>?)null);
        Assert.Equal(XdpAction.Aborted, kernel.RunXdp(Entry, Frames.Raw()).Action);
    }

    [Fact]
    public void A_program_array_refuses_programs_of_another_type()
    {
        using var kernel = new InProcessKernel();
        kernel.SetTailCall(Jumps, 0, Target);
        Assert.Throws<ArgumentException>(() => kernel.SetTailCall(Jumps, 1, (TcContext _) => TcAction.Ok));
    }

    [Fact]
    public void Setting_a_slot_beyond_max_entries_is_refused()
    {
        using var kernel = new InProcessKernel();
        Assert.Throws<ArgumentOutOfRangeException>(() => kernel.SetTailCall(Jumps, 4, Target));
    }

    [Fact]
    public void Tc_programs_tail_call_too()
    {
        using var kernel = new InProcessKernel();
        var tcJumps = new ProgramArray(maxEntries: 1);
        kernel.SetTailCall(tcJumps, 0, (TcContext _) => TcAction.Shot);
        TcRunResult result = kernel.RunTc(ctx =>
        {
            tcJumps.TailCall(ctx, 0);
            return TcAction.Ok;
        }, Frames.Raw());
        Assert.Equal(TcAction.Shot, result.Action);
    }
}
