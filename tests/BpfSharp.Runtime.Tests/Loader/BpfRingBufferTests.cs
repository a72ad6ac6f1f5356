using System.Buffers.Binary;
using BpfSharp.Loader;
using BpfSharp.Testing;

namespace BpfSharp.Runtime.Tests.Loader;

public class BpfRingBufferTests
{
    [KernelFact]
    public void Records_submitted_by_a_program_are_consumed_in_order_with_their_contents()
    {
        using var obj = BpfObject.Open(FixtureObjects.PathOf("ringbuf"));
        using var loaded = obj.Load();
        var program = loaded.Program("xdp_report");
        var received = new List<(uint Length, uint FirstByte)>();
        using var ring = new BpfRingBuffer(loaded.Map("events"), record =>
            received.Add((BinaryPrimitives.ReadUInt32LittleEndian(record), BinaryPrimitives.ReadUInt32LittleEndian(record[4..]))));

        program.TestRun(Packets.Counting(60, first: 0x10));
        program.TestRun(Packets.Counting(100, first: 0x20));
        program.TestRun(Packets.Counting(14, first: 0x30));
        int consumed = ring.Consume();

        Assert.Equal(3, consumed);
        Assert.Equal([(60u, 0x10u), (100u, 0x20u), (14u, 0x30u)], received);
        Assert.Equal(0, ring.Consume());
    }

    [KernelFact]
    public void Poll_delivers_a_record_already_waiting()
    {
        using var obj = BpfObject.Open(FixtureObjects.PathOf("ringbuf"));
        using var loaded = obj.Load();
        int lengths = 0;
        using var ring = new BpfRingBuffer(loaded.Map("events"), record => lengths += record.Length);

        loaded.Program("xdp_report").TestRun(Packets.Counting(60));
        int delivered = ring.Poll(TimeSpan.FromSeconds(5));

        Assert.Equal(1, delivered);
        Assert.Equal(8, lengths);
    }

    [KernelFact]
    public void Poll_of_an_empty_ring_returns_zero_once_the_timeout_passes()
    {
        using var obj = BpfObject.Open(FixtureObjects.PathOf("ringbuf"));
        using var loaded = obj.Load();
        int calls = 0;
        using var ring = new BpfRingBuffer(loaded.Map("events"), _ => calls++);

        int delivered = ring.Poll(TimeSpan.FromMilliseconds(10));

        Assert.Equal((0, 0), (delivered, calls));
    }

    [KernelFact]
    public void Handler_exception_surfaces_from_consume_and_later_records_stay_in_the_ring()
    {
        using var obj = BpfObject.Open(FixtureObjects.PathOf("ringbuf"));
        using var loaded = obj.Load();
        var program = loaded.Program("xdp_report");
        int calls = 0;
        using var ring = new BpfRingBuffer(loaded.Map("events"), _ =>
        {
            if (++calls == 1)
                throw new FormatException("bad record");
        });
        program.TestRun(Packets.Counting(60));
        program.TestRun(Packets.Counting(60));

        var error = Assert.Throws<FormatException>(() => ring.Consume());
        int rest = ring.Consume();

        Assert.Equal("bad record", error.Message);
        Assert.Equal(1, rest);
        Assert.Equal(2, calls);
    }

    [KernelFact]
    public void Ring_buffer_over_a_map_of_another_type_is_refused()
    {
        using var obj = BpfObject.Open(FixtureObjects.PathOf("maps"));
        using var loaded = obj.Load();

        Assert.Throws<InvalidOperationException>(() => new BpfRingBuffer(loaded.Map("counters"), _ => { }));
    }
}
