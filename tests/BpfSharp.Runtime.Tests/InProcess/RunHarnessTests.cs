using BpfSharp.InProcess;
using BpfSharp.Runtime.Tests.Support;

namespace BpfSharp.Runtime.Tests.InProcess;

public unsafe class RunHarnessTests
{
    private static readonly ArrayMap<ulong> Hits = new(maxEntries: 1);
    private static readonly RingBuffer Log = new(sizeBytes: 4096);

    private static XdpAction CountHit(XdpContext ctx)
    {
        ulong* hits = Hits.Lookup(0);
        if (hits != null)
            (*hits)++;
        return XdpAction.Pass;
    }

    [Fact]
    public void Runs_on_different_kernels_in_parallel_threads_never_share_map_state()
    {
        const int kernels = 4;
        const int runsEach = 200;
        var results = new ulong[kernels];
        Parallel.For(0, kernels, k =>
        {
            using var kernel = new InProcessKernel();
            for (int i = 0; i < runsEach + k; i++)
                kernel.RunXdp(CountHit, Frames.Raw());
            results[k] = kernel.Map(Hits).Lookup(0)!.Value;
        });
        Assert.Equal(Enumerable.Range(0, kernels).Select(k => (ulong)(runsEach + k)), results);
    }

    [Fact]
    public void The_result_lists_the_ring_records_submitted_in_this_run_only()
    {
        using var kernel = new InProcessKernel();
        RunResult Emit(byte tag) => kernel.RunXdp(_ =>
        {
            byte* record = Log.Reserve<byte>();
            *record = tag;
            Log.Submit(record);
            return XdpAction.Pass;
        }, Frames.Raw());

        Emit(1);
        RunResult second = Emit(2);
        Assert.Equal(new byte[] { 2 }, second.RingRecords.Single().Bytes);
        Assert.Same(Log, second.RingRecords.Single().Ring);
        Assert.Equal(2, kernel.RingBufferReader(Log).Drain(_ => { }));
    }

    [Fact]
    public void An_exception_in_a_program_leaves_the_thread_with_no_running_kernel()
    {
        using var kernel = new InProcessKernel();
        Assert.Throws<DivideByZeroException>(() => kernel.RunXdp(_ => (XdpAction)(1 / int.Parse("0")), Frames.Raw()));
        Assert.Throws<InvalidOperationException>(() => Bpf.GetSmpProcessorId());
        Assert.Equal(XdpAction.Pass, kernel.RunXdp(CountHit, Frames.Raw()).Action);
    }

    [Fact]
    public void The_input_frame_is_copied_and_left_untouched()
    {
        using var kernel = new InProcessKernel();
        byte[] frame = Frames.Raw();
        byte[] original = frame.ToArray();
        XdpRunResult result = kernel.RunXdp(ctx =>
        {
            ctx.Data[0] ^= 0xff;
            return XdpAction.Pass;
        }, frame);
        Assert.Equal(original, frame);
        Assert.Equal(original[0] ^ 0xff, result.Packet[0]);
    }

    [Fact]
    public void A_disposed_kernel_refuses_runs()
    {
        var kernel = new InProcessKernel();
        kernel.Dispose();
        Assert.Throws<ObjectDisposedException>(() => kernel.RunXdp(CountHit, Frames.Raw()));
    }

    [Fact]
    public void Published_frame_limits_are_the_longest_frames_each_harness_accepts()
    {
        using var kernel = new InProcessKernel();
        Assert.Equal(4096 - 256 - 320, InProcessKernel.MaxXdpFrameLength);
        Assert.Equal(4096 - 64 - 320, InProcessKernel.MaxTcFrameLength);
        kernel.RunXdp(_ => XdpAction.Pass, new byte[InProcessKernel.MaxXdpFrameLength]);
        kernel.RunTc(_ => TcAction.Ok, new byte[InProcessKernel.MaxTcFrameLength]);
        Assert.Throws<ArgumentException>(() => kernel.RunXdp(_ => XdpAction.Pass, new byte[InProcessKernel.MaxXdpFrameLength + 1]));
        Assert.Throws<ArgumentException>(() => kernel.RunTc(_ => TcAction.Ok, new byte[InProcessKernel.MaxTcFrameLength + 1]));
    }
}
