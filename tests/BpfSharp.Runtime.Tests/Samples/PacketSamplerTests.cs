using BpfSharp.InProcess;
using BpfSharp.Runtime.Tests.Support;

namespace BpfSharp.Runtime.Tests.Samples;

public unsafe class PacketSamplerTests
{
    [Fact]
    public void The_dispatcher_tail_calls_the_sampler_which_hands_the_frame_head_to_userspace()
    {
        using var kernel = new InProcessKernel();
        kernel.SetTailCall(PacketSampler.Stages, PacketSampler.SamplerSlot, PacketSampler.Sample);
        var reader = kernel.RingBufferReader(PacketSampler.Samples);
        byte[] frame = Frames.Raw(100);

        XdpRunResult result = kernel.RunXdp(PacketSampler.Dispatch, frame);

        Assert.Equal((XdpAction.Pass, 1), (result.Action, result.TailCalls));
        Assert.True(reader.TryRead(out byte[] record));
        Assert.Equal(sizeof(PacketSampler.FrameSample), record.Length);
        Assert.Equal(100u, BitConverter.ToUInt32(record));
        Assert.Equal(frame[..64], record[4..68]);
    }

    [Fact]
    public void A_short_frame_is_sampled_whole()
    {
        using var kernel = new InProcessKernel();
        byte[] frame = Frames.Raw(20);
        RingRecord record = kernel.RunXdp(PacketSampler.Sample, frame).RingRecords.Single();
        Assert.Equal(frame, record.Bytes[4..24]);
        Assert.All(record.Bytes[24..68], b => Assert.Equal(0, b));
    }

    [Fact]
    public void A_full_ring_buffer_lets_traffic_pass_without_a_sample()
    {
        using var kernel = new InProcessKernel();
        int sampled = 0;
        for (int i = 0; i < 100; i++)
            sampled += kernel.RunXdp(PacketSampler.Sample, Frames.Raw()).RingRecords.Count;
        Assert.Equal(4095 / (8 + ((sizeof(PacketSampler.FrameSample) + 7) & ~7)), sampled);
        Assert.Equal(XdpAction.Pass, kernel.RunXdp(PacketSampler.Sample, Frames.Raw()).Action);
    }

    [Fact]
    public void Without_the_sampler_installed_the_dispatcher_falls_through_and_passes()
    {
        using var kernel = new InProcessKernel();
        XdpRunResult result = kernel.RunXdp(PacketSampler.Dispatch, Frames.Raw());
        Assert.Equal((XdpAction.Pass, 0), (result.Action, result.TailCalls));
        Assert.Empty(result.RingRecords);
    }
}
