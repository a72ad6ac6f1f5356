using System.Buffers.Binary;
using BpfSharp.Testing;

namespace BpfSharp.Compiler.Tests.CodeGen;

public class IntrinsicTests
{
    private const string TcProgram = """
        using BpfSharp;
        using BpfSharp.Net;

        public static unsafe class Egress
        {
            [Map] public static readonly HashMap<uint, ulong> Seen = new(16);

            [Tc]
            public static TcAction Classify(TcContext ctx)
            {
                Ipv4Header header;
                if (ctx.LoadBytes(14, &header, (uint)sizeof(Ipv4Header)) != 0) return TcAction.Ok;
                uint key = header.Protocol;
                ulong* count = Seen.Lookup(key);
                if (count == null) Seen.Update(key, 1ul, UpdateFlags.NoExist);
                else *count += 1;
                Ipv4Header copy = header;
                copy.ChecksumBE = 0;
                ushort computed = Checksum.Fold(Checksum.Diff(null, 0, &copy, 20, 0));
                ulong mark = ctx.Mark;
                ulong stamp = Bpf.KtimeGetNs();
                if (stamp == 0) return TcAction.Unspec;
                return computed == header.ChecksumBE && ctx.Length > 40 && mark == 0 ? TcAction.Shot : TcAction.Ok;
            }
        }
        """;

    [KernelFact]
    public void A_tc_classifier_with_load_bytes_a_hash_map_and_checksum_helpers_sees_the_packet()
    {
        using var loaded = KernelPrograms.CompileAndLoad(TcProgram);
        var frame = KernelPrograms.UdpFrame(53, new byte[8]);
        WriteIpChecksum(frame);
        var program = loaded.Program("Classify");

        Assert.Equal((uint)TcAction.Shot, program.TestRun(frame).ReturnValue);
        frame[24] ^= 0xff;
        Assert.Equal((uint)TcAction.Ok, program.TestRun(frame).ReturnValue);
        Assert.True(loaded.Map("Seen").TryLookup<uint, ulong>(17u, out var udp));
        Assert.Equal(2UL, udp);
    }

    private static void WriteIpChecksum(byte[] frame)
    {
        uint sum = 0;
        for (var i = 14; i < 34; i += 2) sum += (uint)(frame[i] << 8 | frame[i + 1]);
        while (sum >> 16 != 0) sum = (sum & 0xffff) + (sum >> 16);
        BinaryPrimitives.WriteUInt16BigEndian(frame.AsSpan(24), (ushort)~sum);
    }

    private const string RingProgram = """
        using BpfSharp;
        using System.Runtime.InteropServices;

        [StructLayout(LayoutKind.Sequential)]
        public struct Sample { public uint Length; public uint Cpu; public Head64 Head; }

        public unsafe struct Head64 { public fixed byte Bytes[64]; }

        public struct Stats { public ulong Reserved; public ulong Failed; public ulong Grown; }

        public static unsafe class Sampler
        {
            [Map] public static readonly RingBuffer Samples = new(1 << 16);
            [Map] public static readonly ProgramArray Next = new(2);
            [Map] public static readonly PerCpuArrayMap<Stats> Counters = new(1);

            [Xdp]
            public static XdpAction Sample(XdpContext ctx)
            {
                Stats* stats = Counters.Lookup(0);
                if (stats == null) return XdpAction.Aborted;
                Sample* record = Samples.Reserve<Sample>();
                if (record == null) { stats->Failed++; return XdpAction.Pass; }
                record->Cpu = Bpf.GetSmpProcessorId();
                uint length = LengthOf(ctx);
                record->Length = length;
                if (ctx.LoadBytes(0, &record->Head, length > 64 ? 64 : length) != 0)
                {
                    Samples.Discard(record);
                    return XdpAction.Pass;
                }
                Samples.Submit(record);
                stats->Reserved++;
                if (ctx.AdjustHead(-4) == 0) { stats->Grown++; ctx.AdjustHead(4); }
                Next.TailCall(ctx, 1);
                return XdpAction.Pass;
            }

            private static uint LengthOf(XdpContext ctx)
            {
                uint length = 0;
                for (uint i = 0; i < 128; i += 16)
                    if (ctx.Header<Chunk>(i) != null) length = i + 16;
                return length;
            }
        }

        public unsafe struct Chunk { public fixed byte Bytes[16]; }
        """;

    [KernelFact]
    public void Ring_buffer_reserve_submit_load_bytes_adjust_head_and_tail_call_pass_the_verifier_and_run()
    {
        using var loaded = KernelPrograms.CompileAndLoad(RingProgram);
        var result = loaded.Program("Sample").TestRun(KernelPrograms.UdpFrame(1, new byte[30]));

        Assert.Equal((uint)XdpAction.Pass, result.ReturnValue);
        var perCpu = loaded.Map("Counters").LookupPerCpu<uint, (ulong Reserved, ulong Failed, ulong Grown)>(0u);
        Assert.NotNull(perCpu);
        Assert.Equal(1UL, (ulong)perCpu!.Sum(s => (long)s.Reserved));
        Assert.Equal(1UL, (ulong)perCpu!.Sum(s => (long)s.Grown));
    }
}
