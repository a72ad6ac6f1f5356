namespace BpfSharp.Runtime.Tests.Host;

/// <summary>The programming model calls whichever host runs the program on the thread, not the in-process kernel by name.</summary>
public unsafe class ProgramHostTests
{
    [Fact]
    public void Maps_and_helpers_call_the_host_running_on_the_thread()
    {
        var map = new ArrayMap<ulong>(4);
        var host = new RecordingHost();
        var previous = ProgramHost.Exchange(host);
        try
        {
            Assert.Equal(0, map.Update(2, 7UL));
            Assert.Equal(42UL, Bpf.KtimeGetNs());
            Assert.Equal(3u, Bpf.GetSmpProcessorId());
        }
        finally
        {
            ProgramHost.Exchange(previous);
        }

        Assert.Equal(["Update Array 2"], host.Calls);
    }

    [Fact]
    public void The_previous_host_is_restored_after_a_nested_run()
    {
        var outer = new RecordingHost();
        var previous = ProgramHost.Exchange(outer);
        try
        {
            Assert.Same(outer, ProgramHost.Exchange(new RecordingHost()));
            ProgramHost.Exchange(outer);
            Assert.Same(outer, ProgramHost.Current);
        }
        finally
        {
            ProgramHost.Exchange(previous);
        }
    }

    private sealed class RecordingHost : IProgramHost
    {
        public List<string> Calls { get; } = [];

        public void* Lookup(BpfMap map, void* key) => throw new NotSupportedException();

        public int Update(BpfMap map, void* key, void* value, UpdateFlags flags)
        {
            Calls.Add($"Update {map.Kind} {*(uint*)key}");
            return 0;
        }

        public int Delete(BpfMap map, void* key) => throw new NotSupportedException();
        public void TailCall(ProgramArray programs, uint slot) => throw new NotSupportedException();
        public void* RingReserve(RingBuffer ring, uint size) => throw new NotSupportedException();
        public void RingCommit(RingBuffer ring, void* record, bool discard) => throw new NotSupportedException();
        public int RingOutput(RingBuffer ring, void* data, ulong size) => throw new NotSupportedException();
        public ulong RingQuery(RingBuffer ring, RingBufferQuery what) => throw new NotSupportedException();
        public ulong KtimeGetNs() => 42;
        public uint GetSmpProcessorId() => 3;
        public int Redirect(uint ifindex, uint action) => throw new NotSupportedException();
        public int CloneRedirect(IPacket packet, uint ifindex, bool ingress) => throw new NotSupportedException();
    }
}
