using BpfSharp.InProcess;
using BpfSharp.Runtime.Tests.Support;

namespace BpfSharp.Runtime.Tests.Programs;

public unsafe class TcContextTests
{
    [Fact]
    public void The_context_reports_length_ifindex_and_mark_of_the_skb()
    {
        using var kernel = new InProcessKernel();
        (uint length, uint ifindex, uint mark, long span) = (0, 0, 0, 0);
        kernel.RunTc(ctx =>
        {
            (length, ifindex, mark, span) = (ctx.Length, ctx.Ifindex, ctx.Mark, ctx.DataEnd - ctx.Data);
            return TcAction.Ok;
        }, Frames.Raw(80), ifindex: 4, mark: 0x55);
        Assert.Equal((80u, 4u, 0x55u, 80L), (length, ifindex, mark, span));
    }

    [Fact]
    public void LoadBytes_past_the_packet_fails_with_EFAULT_and_zeroes_the_destination()
    {
        using var kernel = new InProcessKernel();
        (int rc, ulong value) = (0, 1);
        kernel.RunTc(ctx =>
        {
            ulong destination = ulong.MaxValue;
            rc = ctx.LoadBytes(60, &destination, 8);
            value = destination;
            return TcAction.Ok;
        }, Frames.Raw());
        Assert.Equal((-Errno.EFAULT, 0UL), (rc, value));
    }

    [Fact]
    public void StoreBytes_past_the_packet_fails_with_EFAULT()
    {
        using var kernel = new InProcessKernel();
        int rc = 0;
        kernel.RunTc(ctx =>
        {
            uint source = 1;
            rc = ctx.StoreBytes(62, &source, 4);
            return TcAction.Ok;
        }, Frames.Raw());
        Assert.Equal(-Errno.EFAULT, rc);
    }

    [Fact]
    public void StoreBytes_writes_the_packet_and_invalidates_old_packet_pointers()
    {
        using var kernel = new InProcessKernel();
        byte stale = 0;
        TcRunResult result = kernel.RunTc(ctx =>
        {
            byte* before = ctx.Data + 30;
            ushort value = 0x0102;
            ctx.StoreBytes(30, &value, 2);
            stale = *before;
            return TcAction.Ok;
        }, Frames.Raw());
        Assert.Equal(0x0102, BitConverter.ToUInt16(result.Packet, 30));
        Assert.NotEqual((byte)0x02, stale);
    }
}
