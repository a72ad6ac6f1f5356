using BpfSharp.Compiler.Tests.Corpus;
using BpfSharp.Testing;

namespace BpfSharp.Compiler.Tests.Differential;

/// <summary>Hash, LRU hash, per-CPU array, ring buffer and program array, in the kernel and in-process.</summary>
public class MapKindCorpusTests
{
    private static byte[] Command(byte command, byte high, uint address, ushort port)
    {
        byte[] packet = new byte[40];
        packet[14] = command;
        packet[15] = high;
        BitConverter.TryWriteBytes(packet.AsSpan(16), address);
        BitConverter.TryWriteBytes(packet.AsSpan(20), port);
        packet[22] = 17;
        return packet;
    }

    [KernelFact]
    public void Hash_map_insert_replace_delete_and_lookup_return_the_same_codes_and_leave_the_same_entries()
    {
        using var harness = DifferentialHarness.Load("HashMaps.cs", typeof(HashMaps));
        byte[][] script =
        [
            Command(0, 1, 10, 80), Command(0, 2, 10, 80), Command(1, 3, 10, 80), Command(1, 4, 11, 80),
            Command(2, 5, 11, 80), Command(4, 0, 10, 80), Command(4, 0, 12, 80), Command(3, 0, 11, 80),
            Command(3, 0, 11, 80), Command(4, 0, 10, 80), Command(2, 6, 10, 443),
        ];
        var codes = script.Select(p => BitConverter.ToInt32(harness.RunXdp(HashMaps.Command, p).Packet, 24)).ToList();

        // The lookups return the low 32 bits of the value (command 1, then 1 + 100 after the first lookup added 100).
        Assert.Equal([0, -Errno.EEXIST, 0, -Errno.ENOENT, 0, 1, -1, 0, -Errno.ENOENT, 101, 0], codes);
    }

    [KernelFact]
    public void Seeded_random_command_sequences_fill_and_drain_the_hash_map_alike()
    {
        using var harness = DifferentialHarness.Load("HashMaps.cs", typeof(HashMaps));
        var random = new Random(2026);
        var codes = new HashSet<int>();
        for (int i = 0; i < 200; i++)
        {
            byte command = (byte)random.Next(5);
            var packet = Command(command, (byte)random.Next(256), (uint)random.Next(24), (ushort)(random.Next(2) * 80));
            codes.Add(BitConverter.ToInt32(harness.RunXdp(HashMaps.Command, packet).Packet, 24));
        }

        Assert.Contains(-Errno.E2BIG, codes);
        Assert.Contains(-Errno.EEXIST, codes);
        Assert.Contains(-Errno.ENOENT, codes);
    }

    [KernelFact]
    public void Per_cpu_counters_add_up_alike_and_out_of_range_updates_fail()
    {
        using var harness = DifferentialHarness.Load("PerCpuCounters.cs", typeof(PerCpuCounters));
        foreach (byte b in new byte[] { 1, 2, 5, 7, 9 })
        {
            byte[] packet = new byte[20];
            packet[14] = b;
            Assert.Equal(XdpAction.Pass, harness.RunXdp(PerCpuCounters.Count, packet).Action);
        }
    }

    [KernelFact]
    public void Ring_buffer_records_submitted_discarded_and_output_are_the_same()
    {
        using var harness = DifferentialHarness.Load("RingBuffers.cs", typeof(RingBuffers));
        var verdicts = TestPackets.Random(8, 16, 60, seed: 3).Select(p => harness.RunXdp(RingBuffers.Capture, p).Action).ToList();

        Assert.Contains(XdpAction.Tx, verdicts);
        Assert.Contains(XdpAction.Pass, verdicts);
    }

    [KernelFact]
    public void A_record_written_in_part_holds_alike_on_both_sides_what_the_ring_held_at_its_place()
    {
        using var harness = DifferentialHarness.Load("RingBufferLeftovers.cs", typeof(RingBufferLeftovers));
        var records = new List<byte[]>();
        for (int i = 0; i < 200; i++)
        {
            byte[] packet = [.. Enumerable.Range(0, 20).Select(j => (byte)(i * 7 + j))];
            var run = harness.Tester.RunXdp(RingBufferLeftovers.WritePart, packet);
            records.AddRange(run.InProcess!.RingRecords.Select(r => r.Bytes));
        }

        // A 4 KiB ring holds 56 of these 72-byte records: from the second lap on, the bytes past those written are the
        // kernel's leftovers (earlier records and headers), which a zeroed in-process record would not match.
        Assert.Equal(200, records.Count);
        Assert.All(records.Take(56), r => Assert.Equal(-1, r.AsSpan(4 + (int)BitConverter.ToUInt32(r, 0)).IndexOfAnyExcept((byte)0)));
        Assert.Contains(records.Skip(56), r => r.AsSpan(4 + (int)BitConverter.ToUInt32(r, 0)).IndexOfAnyExcept((byte)0) >= 0);
    }

    [KernelFact]
    public void Ring_buffer_wakeup_choices_and_queries_write_the_same_records_and_refuse_unknown_output_flags_alike()
    {
        using var harness = DifferentialHarness.Load("RingBufferWakeups.cs", typeof(RingBufferWakeups));
        var verdicts = new List<XdpAction>();
        for (byte submit = 0; submit < 12; submit++)
        {
            for (byte output = 0; output < 8; output++)
            {
                byte[] packet = new byte[20];
                packet[0] = submit;
                packet[1] = output;
                verdicts.Add(harness.RunXdp(RingBufferWakeups.Record, packet).Action);
            }
        }

        Assert.Equal(0, verdicts.Count(v => v == XdpAction.Aborted));
        Assert.Contains(XdpAction.Tx, verdicts);
        Assert.Contains(XdpAction.Pass, verdicts);
        // First bytes 8 and 11 discard (forced wake-up with bit 3); the other ten submit and then output with each of
        // the four second bytes that carry an unknown flag bit (4 to 7).
        Assert.Equal(10 * 4, verdicts.Count(v => v == XdpAction.Drop));
        Assert.Equal(2 * 8, verdicts.Count(v => v == XdpAction.Pass));
    }

    [KernelFact]
    public void Tail_calls_jump_chain_and_fall_through_on_empty_slots_alike()
    {
        using var harness = DifferentialHarness.Load("TailCalls.cs", typeof(TailCalls));
        harness.SetTailCall(TailCalls.Handlers, 1, TailCalls.Dropper);
        harness.SetTailCall(TailCalls.Handlers, 2, TailCalls.Bouncer);

        var results = new byte[] { 0, 1, 2, 3 }.Select(first =>
        {
            byte[] packet = new byte[24];
            packet[14] = first;
            return harness.RunXdp(TailCalls.Dispatch, packet);
        }).ToList();

        Assert.Equal([XdpAction.Drop, XdpAction.Drop, XdpAction.Pass, XdpAction.Pass], results.Select(r => r.Action).ToList());
        Assert.Equal(0xBB, results[1].Packet[12]);
        Assert.Equal(0xDD, results[1].Packet[13]);
    }
}
