using System.Buffers.Binary;
using Electrode.Programs.Wire;
using Electrode.Vr.Messages;
using Electrode.Vr.Wire;

namespace Electrode.Vr.Tests.Wire;

/// <summary>The kernel certifies a vote by its fast header; userspace trusts the mark only where header and body agree.</summary>
public class CertifiedBitTests
{
    private static readonly PrepareOKMessage Vote = new() { View = 3, Opnum = 42, ReplicaIdx = 2 };

    // Word 1 (the op) follows the u32 magic, u64 name length, type name and word 0.
    private static int OpWordOffset(string typeName) => 4 + 8 + typeName.Length + 4;

    [Fact]
    public void A_certified_PrepareOk_whose_header_matches_its_body_is_certified()
    {
        var result = MessageDecoder.TryDecode(MessageEncoder.EncodeToArray(Vote, FastHeader.Certified));

        Assert.True(result.Info.Certified);
    }

    [Fact]
    public void A_certified_PrepareOk_whose_header_names_another_op_is_not_certified()
    {
        var datagram = MessageEncoder.EncodeToArray(Vote, FastHeader.Certified);
        BinaryPrimitives.WriteUInt32LittleEndian(datagram.AsSpan(OpWordOffset(PrepareOKMessage.Descriptor.FullName)), 43);

        var result = MessageDecoder.TryDecode(datagram);

        Assert.Equal(42ul, ((PrepareOKMessage)result.Message!).Opnum);
        Assert.False(result.Info.Certified);
    }

    [Fact]
    public void A_certified_kernel_PrepareOk_whose_header_names_another_replica_is_not_certified()
    {
        var datagram = KernelPrepareOk.EncodeToArray(3, 42, 2, FastHeader.Certified);
        BinaryPrimitives.WriteUInt32LittleEndian(datagram.AsSpan(OpWordOffset("specpaxos.vr.MyPrepareOK") + 4), 1);

        var result = MessageDecoder.TryDecode(datagram);

        Assert.True(result.Info.KernelBuilt);
        Assert.False(result.Info.Certified);
    }
}
