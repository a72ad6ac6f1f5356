using BpfSharp.InProcess;
using BpfSharp.Runtime.Tests.Support;

namespace BpfSharp.Runtime.Tests.Maps;

public unsafe class RingBufferTests
{
    private struct Event
    {
        public ulong Sequence;
        public uint Flags;
    }

    private static readonly RingBuffer Events = new(sizeBytes: 4096);

    /// <summary>A 4096-byte ring holds records of 16 + 8 = 24 bytes while the producer stays at most 4095 bytes ahead: 170 of them.</summary>
    private const int RecordsThatFit = 4095 / 24;

    private static int Emit(ulong sequence)
    {
        Event* record = Events.Reserve<Event>();
        if (record == null)
            return -1;
        record->Sequence = sequence;
        record->Flags = 1;
        Events.Submit(record);
        return 0;
    }

    [Fact]
    public void A_reserved_record_is_invisible_to_the_reader_until_submitted()
    {
        using var kernel = new InProcessKernel();
        var reader = kernel.RingBufferReader(Events);
        kernel.InProgram(() =>
        {
            Event* record = Events.Reserve<Event>();
            record->Sequence = 7;
            Assert.False(reader.TryRead(out _));
            Events.Submit(record);
        });
        Assert.True(reader.TryRead(out byte[] bytes));
        Assert.Equal(7UL, BitConverter.ToUInt64(bytes));
        Assert.Equal(sizeof(Event), bytes.Length);
    }

    [Fact]
    public void Records_count_an_8_byte_header_and_a_size_rounded_up_to_8_until_full()
    {
        using var kernel = new InProcessKernel();
        int accepted = kernel.InProgram(() =>
        {
            int count = 0;
            while (count < 1000 && Emit((ulong)count) == 0)
                count++;
            return count;
        });
        Assert.Equal(RecordsThatFit, accepted);
    }

    [Theory]
    [InlineData(1, 4095 / 16)]
    [InlineData(8, 4095 / 16)]
    [InlineData(9, 4095 / 24)]
    [InlineData(17, 4095 / 32)]
    public void Each_record_costs_its_size_rounded_up_to_8_plus_an_8_byte_header(int size, int expectedRecords)
    {
        using var kernel = new InProcessKernel();
        var data = new byte[size];
        int accepted = kernel.InProgram(() =>
        {
            int count = 0;
            fixed (byte* bytes = data)
                while (count < 1000 && Events.Output(bytes, (ulong)size) == 0)
                    count++;
            return count;
        });
        Assert.Equal(expectedRecords, accepted);
    }

    [Fact]
    public void Reserve_fails_when_full_and_succeeds_again_after_the_reader_consumes()
    {
        using var kernel = new InProcessKernel();
        var reader = kernel.RingBufferReader(Events);
        kernel.InProgram(() =>
        {
            for (int i = 0; i < RecordsThatFit; i++)
                Emit((ulong)i);
            Assert.Equal(-1, Emit(999));
        });
        Assert.True(reader.TryRead(out _));
        Assert.Equal(0, kernel.InProgram(() => Emit(1000)));
    }

    [Fact]
    public void A_reserved_but_unsubmitted_record_holds_its_space()
    {
        using var kernel = new InProcessKernel();
        kernel.InProgram(() =>
        {
            Event* held = Events.Reserve<Event>();
            int accepted = 0;
            while (accepted < 1000 && Emit(1) == 0)
                accepted++;
            Assert.Equal(RecordsThatFit - 1, accepted);
            Events.Discard(held);
        });
    }

    [Fact]
    public void A_record_reserved_earlier_and_still_held_blocks_the_reader_at_its_position()
    {
        using var kernel = new InProcessKernel();
        var reader = kernel.RingBufferReader(Events);
        kernel.InProgram(() =>
        {
            Event* first = Events.Reserve<Event>();
            Emit(2);
            Assert.False(reader.TryRead(out _));
            first->Sequence = 1;
            Events.Submit(first);
        });
        var sequences = new List<ulong>();
        reader.Drain(record => sequences.Add(BitConverter.ToUInt64(record)));
        Assert.Equal([1UL, 2UL], sequences);
    }

    [Fact]
    public void A_discarded_record_is_never_read_and_its_space_returns_when_the_reader_passes_it()
    {
        using var kernel = new InProcessKernel();
        var reader = kernel.RingBufferReader(Events);
        kernel.InProgram(() =>
        {
            Event* dropped = Events.Reserve<Event>();
            Events.Discard(dropped);
            Emit(5);
        });
        Assert.True(reader.TryRead(out byte[] record));
        Assert.Equal(5UL, BitConverter.ToUInt64(record));
        Assert.False(reader.TryRead(out _));
        int accepted = kernel.InProgram(() =>
        {
            int count = 0;
            while (count < 1000 && Emit(1) == 0)
                count++;
            return count;
        });
        Assert.Equal(RecordsThatFit, accepted);
    }

    [Fact]
    public void Discarding_does_not_free_space_before_the_reader_passes_the_record_as_measured_on_kernel_6_18()
    {
        using var kernel = new InProcessKernel();
        int reservations = kernel.InProgram(() =>
        {
            int count = 0;
            for (; count < 1000; count++)
            {
                Event* record = Events.Reserve<Event>();
                if (record == null)
                    break;
                Events.Discard(record);
            }
            return count;
        });
        Assert.Equal(RecordsThatFit, reservations);
        Assert.False(kernel.RingBufferReader(Events).TryRead(out _));
        Assert.Equal(0, kernel.InProgram(() => Emit(1)));
    }

    [Fact]
    public void Output_copies_a_record_and_fails_with_EAGAIN_when_it_does_not_fit()
    {
        using var kernel = new InProcessKernel();
        var reader = kernel.RingBufferReader(Events);
        var bytes = new byte[4096];
        bytes[0] = 0xab;
        (int small, int large) = kernel.InProgram(() =>
        {
            fixed (byte* data = bytes)
                return (Events.Output(data, 3), Events.Output(data, 4096));
        });
        Assert.Equal((0, -Errno.EAGAIN), (small, large));
        Assert.True(reader.TryRead(out byte[] record));
        Assert.Equal(new byte[] { 0xab, 0, 0 }, record);
    }

    [Fact]
    public void Submitting_a_record_twice_is_refused_as_the_verifier_would()
    {
        using var kernel = new InProcessKernel();
        Assert.Throws<InvalidOperationException>(() => kernel.InProgram(() =>
        {
            Event* record = Events.Reserve<Event>();
            Events.Submit(record);
            Events.Submit(record);
        }));
    }

    [Fact]
    public void A_run_that_leaks_a_reservation_fails_and_the_reservation_is_discarded()
    {
        using var kernel = new InProcessKernel();
        var reader = kernel.RingBufferReader(Events);
        var error = Assert.Throws<InvalidOperationException>(() => kernel.InProgram(() => Events.Reserve<Event>() != null));
        Assert.Contains("neither submitted nor discarded", error.Message);
        Assert.False(reader.TryRead(out _));
        Assert.Equal(0, kernel.InProgram(() => Emit(1)));
    }

    [Fact]
    public void Drain_stops_after_max_records_and_leaves_the_rest()
    {
        using var kernel = new InProcessKernel();
        var reader = kernel.RingBufferReader(Events);
        kernel.InProgram(() =>
        {
            for (ulong i = 0; i < 5; i++)
                Emit(i);
        });
        var seen = new List<ulong>();
        Assert.Equal(3, reader.Drain(record => seen.Add(BitConverter.ToUInt64(record)), maxRecords: 3));
        Assert.Equal(2, reader.Drain(record => seen.Add(BitConverter.ToUInt64(record))));
        Assert.Equal([0UL, 1UL, 2UL, 3UL, 4UL], seen);
    }

    [Fact]
    public void A_typed_read_returns_the_record_as_the_program_reserved_it_and_refuses_short_records()
    {
        using var kernel = new InProcessKernel();
        var reader = kernel.RingBufferReader(Events);
        var shortRecord = new byte[3];
        kernel.InProgram(() =>
        {
            Emit(42);
            fixed (byte* data = shortRecord)
                Events.Output(data, 3);
        });
        Assert.True(reader.TryRead(out Event typed));
        Assert.Equal((42UL, 1u), (typed.Sequence, typed.Flags));
        Assert.Throws<InvalidDataException>(() => reader.TryRead(out Event _));
        Assert.False(reader.TryRead(out Event _));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(4095)]
    [InlineData(6144)]
    public void A_size_that_is_not_a_power_of_two_multiple_of_the_page_size_is_refused(int size)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new RingBuffer(size));
    }
}
