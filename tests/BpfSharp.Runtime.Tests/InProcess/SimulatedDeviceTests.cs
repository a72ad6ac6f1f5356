using BpfSharp.InProcess;
using BpfSharp.Runtime.Tests.Support;

namespace BpfSharp.Runtime.Tests.InProcess;

public unsafe class SimulatedDeviceTests
{
    [Fact]
    public void XDP_TX_puts_the_final_frame_on_the_ingress_devices_transmit_queue()
    {
        using var kernel = new InProcessKernel();
        XdpRunResult result = kernel.RunXdp(ctx =>
        {
            ctx.Data[0] = 0xee;
            ctx.AdjustTail(-4);
            return XdpAction.Tx;
        }, Frames.Raw(), ifindex: 3);

        Assert.True(kernel.Device(3).TryDequeueTransmitted(out byte[] sent));
        Assert.Equal(result.Packet, sent);
        Assert.Equal(60, sent.Length);
        Assert.Equal(0xee, sent[0]);
        Assert.Equal(new EmittedPacket(3, false, sent), result.Emitted.Single());
        Assert.False(kernel.Device(3).TryDequeueTransmitted(out _));
    }

    [Fact]
    public void XDP_PASS_and_DROP_send_nothing()
    {
        using var kernel = new InProcessKernel();
        Assert.Empty(kernel.RunXdp(_ => XdpAction.Pass, Frames.Raw()).Emitted);
        Assert.Empty(kernel.RunXdp(_ => XdpAction.Drop, Frames.Raw()).Emitted);
        Assert.Equal(0, kernel.Device(1).TransmitCount);
    }

    [Fact]
    public void CloneRedirect_copies_the_packet_as_it_is_now_onto_the_target_devices_queue()
    {
        using var kernel = new InProcessKernel();
        kernel.AddDevice(5);
        kernel.AddDevice(6);
        TcRunResult result = kernel.RunTc(ctx =>
        {
            byte first = 1, second = 2;
            ctx.StoreBytes(0, &first, 1);
            ctx.CloneRedirect(5);
            ctx.StoreBytes(0, &second, 1);
            ctx.CloneRedirect(6, ingress: true);
            return TcAction.Shot;
        }, Frames.Raw());

        Assert.True(kernel.Device(5).TryDequeueTransmitted(out byte[] toFive));
        Assert.True(kernel.Device(6).TryDequeueReceived(out byte[] toSix));
        Assert.Equal((1, 2), (toFive[0], toSix[0]));
        Assert.Equal([new EmittedPacket(5, false, toFive), new EmittedPacket(6, true, toSix)], result.Emitted);
        Assert.Equal(TcAction.Shot, result.Action);
    }

    [Fact]
    public void CloneRedirect_to_an_unknown_device_fails_with_EINVAL()
    {
        using var kernel = new InProcessKernel();
        int rc = 0;
        TcRunResult result = kernel.RunTc(ctx =>
        {
            rc = ctx.CloneRedirect(99);
            return TcAction.Ok;
        }, Frames.Raw());
        Assert.Equal(-Errno.EINVAL, rc);
        Assert.Empty(result.Emitted);
    }

    [Fact]
    public void CloneRedirect_invalidates_old_packet_pointers()
    {
        using var kernel = new InProcessKernel();
        kernel.AddDevice(2);
        bool stale = false;
        kernel.RunTc(ctx =>
        {
            byte* data = ctx.Data;
            ctx.CloneRedirect(2);
            stale = data != ctx.Data;
            return TcAction.Ok;
        }, Frames.Raw());
        Assert.True(stale);
    }

    [Fact]
    public void Redirect_records_the_target_and_the_verdict_sends_the_final_frame_there()
    {
        using var kernel = new InProcessKernel();
        kernel.AddDevice(8);
        XdpRunResult result = kernel.RunXdp(ctx => ctx.Redirect(8), Frames.Raw());
        Assert.Equal((XdpAction.Redirect, 8u), (result.Action, result.RedirectIfindex));
        Assert.True(kernel.Device(8).TryDequeueTransmitted(out byte[] sent));
        Assert.Equal(result.Packet, sent);
    }

    [Fact]
    public void Redirect_is_ignored_unless_the_program_returns_the_redirect_verdict()
    {
        using var kernel = new InProcessKernel();
        kernel.AddDevice(8);
        XdpRunResult result = kernel.RunXdp(ctx =>
        {
            ctx.Redirect(8);
            return XdpAction.Pass;
        }, Frames.Raw());
        Assert.Equal(8u, result.RedirectIfindex);
        Assert.Empty(result.Emitted);
        Assert.Equal(0, kernel.Device(8).TransmitCount);
    }

    [Fact]
    public void Tc_redirect_to_an_unknown_device_drops_the_frame()
    {
        using var kernel = new InProcessKernel();
        TcRunResult result = kernel.RunTc(ctx => ctx.Redirect(42), Frames.Raw());
        Assert.Equal((TcAction.Redirect, 42u), (result.Action, result.RedirectIfindex));
        Assert.Empty(result.Emitted);
    }

    [Fact]
    public void A_full_transmit_queue_drops_new_frames_and_counts_them()
    {
        using var kernel = new InProcessKernel();
        SimulatedDevice device = kernel.AddDevice(1);
        device.QueueCapacity = 2;
        for (byte i = 0; i < 3; i++)
        {
            byte[] frame = Frames.Raw();
            frame[0] = i;
            kernel.RunXdp(_ => XdpAction.Tx, frame);
        }
        Assert.Equal((2, 1L), (device.TransmitCount, device.Dropped));
        Assert.True(device.TryDequeueTransmitted(out byte[] first));
        Assert.Equal(0, first[0]);
    }

    [Fact]
    public void Asking_for_a_device_never_added_names_the_missing_ifindex()
    {
        using var kernel = new InProcessKernel();
        var error = Assert.Throws<KeyNotFoundException>(() => kernel.Device(12));
        Assert.Contains("12", error.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => kernel.AddDevice(0));
    }
}
