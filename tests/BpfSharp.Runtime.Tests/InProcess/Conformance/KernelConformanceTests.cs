using System.Buffers.Binary;
using BpfSharp.InProcess;
using BpfSharp.Loader;
using BpfSharp.Runtime.Tests.Support;
using BpfSharp.Testing;

namespace BpfSharp.Runtime.Tests.InProcess.Conformance;

/// <summary>
/// The same operation through BPF_PROG_TEST_RUN on this machine's kernel and through the in-process kernel: return codes
/// and output frames must agree. The probes are in conformance.bpf.c; the C# programs here mirror them line by line.
/// </summary>
public unsafe class KernelConformanceTests
{
    private static byte[] FrameWith(params uint[] arguments)
    {
        byte[] frame = Frames.Raw(64);
        for (int i = 0; i < arguments.Length; i++)
            BinaryPrimitives.WriteUInt32LittleEndian(frame.AsSpan(14 + 4 * i), arguments[i]);
        return frame;
    }

    private static uint Argument(byte* data, byte* dataEnd, uint index) =>
        data + 14 + 4 * (index + 1) <= dataEnd ? *(uint*)(data + 14 + 4 * index) : throw new InvalidOperationException("frame too short");

    private static BpfTestRunResult RunInKernel(string program, byte[] frame, Action<LoadedBpfObject>? setUp = null)
    {
        using var obj = BpfObject.Open(ConformanceObject.Path);
        using var loaded = obj.Load();
        setUp?.Invoke(loaded);
        return loaded.Program(program).TestRun(frame);
    }

    private static void AssertSameXdp(string program, Func<XdpContext, int> mirror, byte[] frame)
    {
        BpfTestRunResult kernel = RunInKernel(program, frame);
        using var inProcess = new InProcessKernel();
        XdpRunResult simulated = inProcess.RunXdp(ctx => (XdpAction)mirror(ctx), frame);
        Assert.Equal((int)kernel.ReturnValue, (int)simulated.Action);
        Assert.Equal(kernel.DataOut, simulated.Packet);
    }

    private static void AssertSameTc(string program, Func<TcContext, int> mirror, byte[] frame)
    {
        BpfTestRunResult kernel = RunInKernel(program, frame);
        using var inProcess = new InProcessKernel();
        TcRunResult simulated = inProcess.RunTc(ctx => (TcAction)mirror(ctx), frame);
        Assert.Equal((int)kernel.ReturnValue, (int)simulated.Action);
        Assert.Equal(kernel.DataOut, simulated.Packet);
    }

    [KernelTheory]
    [InlineData(-216)]
    [InlineData(-217)]
    [InlineData(-1)]
    [InlineData(8)]
    [InlineData(50)]
    [InlineData(51)]
    public void AdjustHead_agrees_with_the_kernel(int delta) =>
        AssertSameXdp("adjust_head", ctx => ctx.AdjustHead((int)Argument(ctx.Data, ctx.DataEnd, 0)), FrameWith((uint)delta));

    [KernelTheory]
    [InlineData(3520 - 64)]
    [InlineData(3521 - 64)]
    [InlineData(100)]
    [InlineData(-50)]
    [InlineData(-51)]
    public void AdjustTail_agrees_with_the_kernel(int delta) =>
        AssertSameXdp("adjust_tail", ctx => ctx.AdjustTail((int)Argument(ctx.Data, ctx.DataEnd, 0)), FrameWith((uint)delta));

    [KernelTheory]
    [InlineData(0u)]
    [InlineData(56u)]
    [InlineData(57u)]
    [InlineData(64u)]
    [InlineData(0xffffu)]
    [InlineData(0x10000u)]
    public void Xdp_load_and_store_bytes_agree_with_the_kernel(uint offset)
    {
        AssertSameXdp("xdp_load", ctx =>
        {
            ulong buffer = 0;
            return ctx.LoadBytes(Argument(ctx.Data, ctx.DataEnd, 0), &buffer, 8);
        }, FrameWith(offset));
        AssertSameXdp("xdp_store", ctx =>
        {
            ulong buffer = 0x1122334455667788;
            return ctx.StoreBytes(Argument(ctx.Data, ctx.DataEnd, 0), &buffer, 8);
        }, FrameWith(offset));
    }

    [KernelTheory]
    [InlineData(0u)]
    [InlineData(56u)]
    [InlineData(57u)]
    [InlineData(0x10000u)]
    public void Skb_load_and_store_bytes_agree_with_the_kernel(uint offset)
    {
        AssertSameTc("skb_load", ctx =>
        {
            ulong buffer = 0;
            return ctx.LoadBytes(Argument(ctx.Data, ctx.DataEnd, 0), &buffer, 8);
        }, FrameWith(offset));
        AssertSameTc("skb_store", ctx =>
        {
            ulong buffer = 0x1122334455667788;
            return ctx.StoreBytes(Argument(ctx.Data, ctx.DataEnd, 0), &buffer, 8);
        }, FrameWith(offset));
    }

    private struct SixWords
    {
        public fixed uint Words[6];
    }

    [KernelFact]
    public void Csum_diff_folds_to_the_kernels_value_on_random_words()
    {
        var random = new Random(20240);
        using var obj = BpfObject.Open(ConformanceObject.Path);
        using var loaded = obj.Load();
        using var inProcess = new InProcessKernel();
        for (int i = 0; i < 300; i++)
        {
            byte[] frame = Frames.Raw(64);
            random.NextBytes(frame.AsSpan(14, 24));
            if (i % 10 == 0)
                frame.AsSpan(14, 24).Fill(0xff);
            uint kernel = loaded.Program("csum").TestRun(frame).ReturnValue;
            uint simulated = (uint)inProcess.RunXdp(ctx =>
            {
                SixWords w;
                if (ctx.LoadBytes(14, &w, (uint)sizeof(SixWords)) != 0)
                    return (XdpAction)0x7fffffff;
                return (XdpAction)(uint)Checksum.Diff(&w.Words[1], 8, &w.Words[3], 12, w.Words[0]);
            }, frame).Action;
            Assert.Equal(Checksum.Fold(kernel), Checksum.Fold(simulated));
        }
    }

    [KernelTheory]
    [InlineData(0u)]
    [InlineData(1u)]
    [InlineData(8u)]
    [InlineData(9u)]
    [InlineData(16u)]
    [InlineData(17u)]
    [InlineData(63u)]
    public void Ring_buffer_capacity_agrees_with_the_kernel(uint size)
    {
        var ring = new RingBuffer(4096);
        var record = new byte[64];
        BpfTestRunResult kernel = RunInKernel("ring_fill", FrameWith(size));
        using var inProcess = new InProcessKernel();
        XdpRunResult simulated = inProcess.RunXdp(ctx =>
        {
            int count = 0;
            fixed (byte* data = record)
                for (int i = 0; i < 600 && ring.Output(data, Argument(ctx.Data, ctx.DataEnd, 0) & 63) == 0; i++)
                    count++;
            return (XdpAction)count;
        }, FrameWith(size));
        Assert.Equal((int)kernel.ReturnValue, (int)simulated.Action);
    }

    [KernelFact]
    public void Output_into_a_full_ring_buffer_fails_with_the_kernels_error()
    {
        var ring = new RingBuffer(4096);
        var record = new byte[16];
        BpfTestRunResult kernel = RunInKernel("ring_full", Frames.Raw());
        using var inProcess = new InProcessKernel();
        XdpRunResult simulated = inProcess.RunXdp(_ =>
        {
            fixed (byte* data = record)
            {
                for (int i = 0; i < 300 && ring.Output(data, 16) == 0; i++)
                {
                }
                return (XdpAction)ring.Output(data, 16);
            }
        }, Frames.Raw());
        Assert.Equal((int)kernel.ReturnValue, (int)simulated.Action);
    }

    [KernelFact]
    public void Hash_map_error_codes_agree_with_the_kernel()
    {
        var small = new HashMap<uint, uint>(2);
        BpfTestRunResult kernel = RunInKernel("hash_errors", Frames.Raw());
        using var inProcess = new InProcessKernel();
        XdpRunResult simulated = inProcess.RunXdp(_ =>
        {
            small.Update(1, 0);
            small.Update(2, 0);
            int full = small.Update(3, 0);
            int present = small.Update(2, 0, UpdateFlags.NoExist);
            int absent = small.Update(3, 0, UpdateFlags.Exist);
            int gone = small.Delete(3);
            return (XdpAction)(-full | (-present << 8) | (-absent << 16) | (-gone << 24));
        }, Frames.Raw());
        Assert.Equal((int)kernel.ReturnValue, (int)simulated.Action);
    }

    [KernelTheory]
    [InlineData(0u)]
    [InlineData(33u)]
    [InlineData(40u)]
    public void Tail_calls_into_an_empty_slot_agree_with_the_kernel_counted_as_its_release_counts_them(uint emptyCalls)
    {
        BpfTestRunResult kernel = RunInKernel("empty_slot_calls", FrameWith(emptyCalls),
            loaded => loaded.Map("jumps").SetProgram(1, loaded.Program("jump_target")));
        var jumps = new ProgramArray(4);
        using var inProcess = new InProcessKernel { TailCallCounting = InProcessKernel.TailCallCountingOf(KernelHelpers.RunningKernelRelease()) };
        inProcess.SetTailCall(jumps, 1, _ => (XdpAction)77);
        XdpRunResult simulated = inProcess.RunXdp(ctx =>
        {
            uint calls = Argument(ctx.Data, ctx.DataEnd, 0);
            for (uint i = 0; i < 40 && i < calls; i++)
                jumps.TailCall(ctx, 2);
            jumps.TailCall(ctx, 1);
            return (XdpAction)5;
        }, FrameWith(emptyCalls));
        Assert.Equal((int)kernel.ReturnValue, (int)simulated.Action);
    }

    [KernelFact]
    public void The_tail_call_chain_limit_agrees_with_the_kernel()
    {
        BpfTestRunResult kernel = RunInKernel("recurse", Frames.Raw(),
            loaded => loaded.Map("jumps").SetProgram(0, loaded.Program("recurse")));
        var jumps = new ProgramArray(4);
        var depth = new ArrayMap<uint>(1);
        using var inProcess = new InProcessKernel();
        XdpAction Recurse(XdpContext ctx)
        {
            uint* runs = depth.Lookup(0);
            (*runs)++;
            jumps.TailCall(ctx, 0);
            return (XdpAction)(*runs);
        }
        inProcess.SetTailCall(jumps, 0, Recurse);
        Assert.Equal((int)kernel.ReturnValue, (int)inProcess.RunXdp(Recurse, Frames.Raw()).Action);
    }
}
