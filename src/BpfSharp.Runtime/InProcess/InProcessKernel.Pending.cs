namespace BpfSharp.InProcess;

// Placeholder signatures the in-process kernel implements; replaced by the real implementation.
public sealed unsafe partial class InProcessKernel
{
    internal void* Lookup(BpfMap map, void* key) => throw new NotImplementedException();
    internal int Update(BpfMap map, void* key, void* value, UpdateFlags flags) => throw new NotImplementedException();
    internal int Delete(BpfMap map, void* key) => throw new NotImplementedException();
    internal void* RingReserve(RingBuffer ring, uint size) => throw new NotImplementedException();
    internal void RingCommit(RingBuffer ring, void* record, bool discard) => throw new NotImplementedException();
    internal int RingOutput(RingBuffer ring, void* data, ulong size) => throw new NotImplementedException();
    internal void TailCall(ProgramArray programs, uint slot) => throw new NotImplementedException();
    internal int CloneRedirect(PacketBuffer packet, uint ifindex, bool ingress) => throw new NotImplementedException();
    internal int Redirect(PacketBuffer packet, uint ifindex, uint action) => throw new NotImplementedException();
}

internal sealed unsafe class PacketBuffer
{
    public byte* Data => throw new NotImplementedException();
    public byte* DataEnd => throw new NotImplementedException();
    public uint Length => throw new NotImplementedException();
    public uint Ifindex => throw new NotImplementedException();
    public uint RxQueue => throw new NotImplementedException();
    public uint Mark => throw new NotImplementedException();
    public void* Slice(uint offset, uint size) => throw new NotImplementedException();
    public int AdjustHead(int delta) => throw new NotImplementedException();
    public int AdjustTail(int delta) => throw new NotImplementedException();
    public int Load(uint offset, void* destination, uint length) => throw new NotImplementedException();
    public int Store(uint offset, void* source, uint length) => throw new NotImplementedException();
}
