namespace BpfSharp.Runtime.Tests.Samples;

/// <summary>
/// Subset-style XDP sample: hands the head of every frame to userspace through a ring buffer, copying with
/// <c>bpf_xdp_load_bytes</c> and a masked length as the verifier wants; a full ring buffer never stops traffic.
/// A dispatcher tail-calls into it by program-array slot.
/// </summary>
public static unsafe class PacketSampler
{
    public const uint SamplerSlot = 0;

    /// <summary>A struct, not a bare fixed buffer, so that LoadBytes sees its 64-byte size as the copy limit.</summary>
    public struct FrameHead
    {
        public fixed byte Bytes[64];
    }

    public struct FrameSample
    {
        public uint Length;
        public FrameHead Head;
    }

    [Map] public static readonly RingBuffer Samples = new(sizeBytes: 4096);
    [Map] public static readonly ProgramArray Stages = new(maxEntries: 2);

    [Xdp]
    public static XdpAction Dispatch(XdpContext ctx)
    {
        Stages.TailCall(ctx, SamplerSlot);
        return XdpAction.Pass;
    }

    [Xdp]
    public static XdpAction Sample(XdpContext ctx)
    {
        uint length = (uint)(ctx.DataEnd - ctx.Data);
        FrameSample* sample = Samples.Reserve<FrameSample>();
        if (sample == null)
            return XdpAction.Pass;
        uint copy = length < 64 ? length : 64;
        copy &= 0x7f;
        sample->Length = length;
        if (copy == 0 || ctx.LoadBytes(0, &sample->Head, copy) != 0)
        {
            Samples.Discard(sample);
            return XdpAction.Pass;
        }
        Samples.Submit(sample);
        return XdpAction.Pass;
    }
}
