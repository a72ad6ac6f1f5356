using BpfSharp.InProcess;
using BpfSharp.Net;
using BpfSharp.Runtime.Tests.Support;

namespace BpfSharp.Runtime.Tests.Programs;

public unsafe class XdpContextTests
{
    private const int MaxGrowth = 256 - 40;
    private const int MaxFrame = 4096 - 256 - 320;

    private static XdpRunResult Run(Func<XdpContext, XdpAction> program, byte[]? frame = null)
    {
        using var kernel = new InProcessKernel();
        return kernel.RunXdp(program, frame ?? Frames.Raw());
    }

    private static XdpAction Verdict(bool passed) => passed ? XdpAction.Pass : XdpAction.Drop;

    [Fact]
    public void Data_to_DataEnd_spans_the_frame_and_the_context_reports_ingress_ifindex_and_queue()
    {
        using var kernel = new InProcessKernel();
        byte[] frame = Frames.Raw(60);
        (long length, uint ifindex, uint queue, byte last) = (0, 0, 0, 0);
        kernel.RunXdp(ctx =>
        {
            (length, ifindex, queue, last) = (ctx.DataEnd - ctx.Data, ctx.IngressIfindex, ctx.RxQueueIndex, ctx.DataEnd[-1]);
            return XdpAction.Pass;
        }, frame, ifindex: 7, rxQueue: 3);
        Assert.Equal((60L, 7u, 3u, frame[59]), (length, ifindex, queue, last));
    }

    [Fact]
    public void Header_inside_the_frame_points_at_its_offset()
    {
        bool found = false;
        Run(ctx =>
        {
            EthernetHeader* eth = ctx.Header<EthernetHeader>(0);
            found = eth != null && (byte*)eth == ctx.Data && ctx.Header<uint>(60) == ctx.Data + 60;
            return XdpAction.Pass;
        });
        Assert.True(found);
    }

    [Theory]
    [InlineData(61u)]
    [InlineData(64u)]
    [InlineData(uint.MaxValue - 1)]
    public void Header_not_wholly_inside_the_frame_is_null(uint offset)
    {
        bool isNull = false;
        Run(ctx =>
        {
            isNull = ctx.Header<uint>(offset) == null;
            return XdpAction.Pass;
        });
        Assert.True(isNull);
    }

    [Fact]
    public void AdjustHead_can_grow_into_the_headroom_except_the_40_bytes_of_xdp_frame()
    {
        Assert.Equal(0, ReturnOf(ctx => ctx.AdjustHead(-MaxGrowth)));
        Assert.Equal(-Errno.EINVAL, ReturnOf(ctx => ctx.AdjustHead(-MaxGrowth - 1)));
    }

    [Fact]
    public void AdjustHead_growth_prepends_bytes_to_the_output_frame()
    {
        byte[] frame = Frames.Raw();
        XdpRunResult grown = Run(ctx => Verdict(ctx.AdjustHead(-8) == 0), frame);
        Assert.Equal(XdpAction.Pass, grown.Action);
        Assert.Equal(frame, grown.Packet[8..]);
    }

    [Fact]
    public void AdjustHead_keeps_at_least_an_ethernet_header_of_frame()
    {
        Assert.Equal(0, ReturnOf(ctx => ctx.AdjustHead(64 - 14)));
        Assert.Equal(-Errno.EINVAL, ReturnOf(ctx => ctx.AdjustHead(64 - 13)));
    }

    [Fact]
    public void AdjustHead_moves_Data_and_the_output_frame_starts_at_the_new_head()
    {
        byte[] frame = Frames.Raw();
        long moved = 0;
        XdpRunResult result = Run(ctx =>
        {
            byte* before = ctx.Data;
            ctx.AdjustHead(14);
            moved = ctx.Data - before;
            return XdpAction.Pass;
        }, frame);
        Assert.NotEqual(0, moved);
        Assert.Equal(frame[14..], result.Packet);
    }

    [Fact]
    public void AdjustHead_invalidates_old_packet_pointers()
    {
        byte seenThroughStalePointer = 0;
        Run(ctx =>
        {
            byte* stale = ctx.Data + 20;
            ctx.AdjustHead(4);
            seenThroughStalePointer = *stale;
            return XdpAction.Pass;
        });
        Assert.NotEqual((byte)20, seenThroughStalePointer);
    }

    [Fact]
    public void AdjustTail_grows_to_the_end_of_the_page_less_skb_shared_info_with_zeros()
    {
        XdpRunResult grown = Run(ctx => Verdict(ctx.AdjustTail(MaxFrame - 64) == 0));
        Assert.Equal(XdpAction.Pass, grown.Action);
        Assert.Equal(MaxFrame, grown.Packet.Length);
        Assert.All(grown.Packet[64..], b => Assert.Equal(0, b));
        Assert.Equal(-Errno.EINVAL, ReturnOf(ctx => ctx.AdjustTail(MaxFrame - 64 + 1)));
    }

    [Fact]
    public void AdjustTail_keeps_at_least_an_ethernet_header_of_frame()
    {
        Assert.Equal(0, ReturnOf(ctx => ctx.AdjustTail(-(64 - 14))));
        Assert.Equal(-Errno.EINVAL, ReturnOf(ctx => ctx.AdjustTail(-(64 - 13))));
    }

    [Fact]
    public void AdjustTail_shrinks_the_output_frame()
    {
        byte[] frame = Frames.Raw();
        Assert.Equal(frame[..50], Run(ctx => Verdict(ctx.AdjustTail(-14) == 0), frame).Packet);
    }

    [Fact]
    public void LoadBytes_copies_from_the_frame()
    {
        ulong loaded = 0;
        int rc = ReturnOf(ctx =>
        {
            ulong value;
            int result = ctx.LoadBytes(56, &value, 8);
            loaded = value;
            return result;
        });
        Assert.Equal(0, rc);
        Assert.Equal(BitConverter.ToUInt64(Frames.Raw(), 56), loaded);
    }

    [Fact]
    public void LoadBytes_past_the_frame_fails_with_EINVAL_and_far_offsets_with_EFAULT()
    {
        Assert.Equal(-Errno.EINVAL, ReturnOf(ctx =>
        {
            ulong value;
            return ctx.LoadBytes(57, &value, 8);
        }));
        Assert.Equal(-Errno.EFAULT, ReturnOf(ctx =>
        {
            ulong value;
            return ctx.LoadBytes(0x10000, &value, 8);
        }));
    }

    [Fact]
    public void LoadBytes_longer_than_the_destination_or_empty_fails_with_EINVAL()
    {
        Assert.Equal(-Errno.EINVAL, ReturnOf(ctx =>
        {
            uint value;
            return ctx.LoadBytes(0, &value, 8);
        }));
        Assert.Equal(-Errno.EINVAL, ReturnOf(ctx =>
        {
            uint value;
            return ctx.LoadBytes(0, &value, 0);
        }));
    }

    [Fact]
    public void StoreBytes_writes_into_the_output_frame_and_fails_past_it()
    {
        byte[] frame = Frames.Raw();
        int rc = 0, past = 0;
        XdpRunResult result = Run(ctx =>
        {
            uint marker = 0xdeadbeef;
            rc = ctx.StoreBytes(20, &marker, 4);
            past = ctx.StoreBytes(61, &marker, 4);
            return XdpAction.Pass;
        }, frame);
        Assert.Equal((0, -Errno.EINVAL), (rc, past));
        Assert.Equal(0xdeadbeef, BitConverter.ToUInt32(result.Packet, 20));
    }

    [Fact]
    public void A_frame_shorter_than_an_ethernet_header_or_longer_than_a_page_allows_is_refused()
    {
        using var kernel = new InProcessKernel();
        Assert.Throws<ArgumentException>(() => kernel.RunXdp(_ => XdpAction.Pass, new byte[13]));
        Assert.Throws<ArgumentException>(() => kernel.RunXdp(_ => XdpAction.Pass, new byte[MaxFrame + 1]));
        Assert.Equal(MaxFrame, kernel.RunXdp(_ => XdpAction.Pass, new byte[MaxFrame]).Packet.Length);
    }

    /// <summary>Runs <paramref name="body"/> as a program and returns its helper result, carried out of the run.</summary>
    private static int ReturnOf(Func<XdpContext, int> body)
    {
        int rc = int.MinValue;
        Run(ctx =>
        {
            rc = body(ctx);
            return XdpAction.Pass;
        });
        return rc;
    }
}
