using Electrode.Programs.Wire;
using Electrode.Vr.Messages;
using Electrode.Vr.Wire;
using Google.Protobuf;

namespace Electrode.Vr.Tests.Wire;

public class MessageRoundTripTests
{
    public static TheoryData<string> VrMessageTypes()
    {
        var data = new TheoryData<string>();
        foreach (var m in SampleMessages.All())
            data.Add(m.Descriptor.FullName);
        return data;
    }

    private static IMessage Sample(string typeName) => SampleMessages.All().Single(m => m.Descriptor.FullName == typeName);

    [Fact]
    public void SamplesCoverEveryMessageTypeOfVrProto()
    {
        var declared = VrReflection.Descriptor.MessageTypes.Select(d => d.FullName).Order();
        var sampled = SampleMessages.All().Select(m => m.Descriptor.FullName).Order();
        Assert.Equal(declared, sampled);
    }

    [Theory]
    [MemberData(nameof(VrMessageTypes))]
    public void EveryVrMessageDecodesToAnEqualMessage(string typeName)
    {
        var message = Sample(typeName);
        var datagram = MessageEncoder.EncodeToArray(message);

        var result = MessageDecoder.TryDecode(datagram);

        Assert.True(result.IsSuccess, result.ToString());
        Assert.Equal(message, result.Message);
        Assert.False(result.Info.KernelBuilt);
        Assert.False(result.Info.Certified);
    }

    [Theory]
    [MemberData(nameof(VrMessageTypes))]
    public void EncodedLengthIsExactlyWhatEncodeWrites(string typeName)
    {
        var message = Sample(typeName);
        var buffer = new byte[4096];
        Assert.Equal(MessageEncoder.GetEncodedLength(message), MessageEncoder.Encode(message, buffer));
    }

    [Fact]
    public void EncodingIntoABufferWriterMatchesEncodingIntoAnArray()
    {
        var message = Sample("specpaxos.vr.proto.PrepareMessage");
        var writer = new System.Buffers.ArrayBufferWriter<byte>();
        MessageEncoder.Encode(message, writer, FastHeader.Broadcast);
        Assert.Equal(MessageEncoder.EncodeToArray(message, FastHeader.Broadcast), writer.WrittenSpan.ToArray());
    }

    [Fact]
    public void EncodingIntoATooSmallBufferThrowsAnArgumentException()
    {
        var message = Sample("specpaxos.vr.proto.CommitMessage");
        var buffer = new byte[MessageEncoder.GetEncodedLength(message) - 1];
        Assert.Throws<ArgumentException>(() => MessageEncoder.Encode(message, buffer));
    }

    [Fact]
    public void EncodingANestedNonWireTypeThrowsAnArgumentException()
    {
        var entry = new StateTransferMessage.Types.LogEntry { View = 1, Opnum = 1, Request = SampleMessages.Request(1, 1, "x") };
        Assert.Throws<ArgumentException>(() => MessageEncoder.EncodeToArray(entry));
    }

    [Fact]
    public void BroadcastFlagIsCarriedInWordZeroAndTheViewSurvives()
    {
        var prepare = new PrepareMessage { View = 5, Opnum = 9, Batchstart = 8 };
        var result = MessageDecoder.TryDecode(MessageEncoder.EncodeToArray(prepare, FastHeader.Broadcast));
        Assert.True(result.Header.IsBroadcast);
        Assert.Equal(5u, result.Header.View);
        Assert.Equal(FastHeaders.Of(5 | FastHeader.Broadcast, 9, 8), result.Header);
    }

    [Fact]
    public void CertifiedBitOnAProtobufPrepareOkIsReported()
    {
        var ok = new PrepareOKMessage { View = 1, Opnum = 2, ReplicaIdx = 1 };
        var result = MessageDecoder.TryDecode(MessageEncoder.EncodeToArray(ok, FastHeader.Certified));
        Assert.True(result.Info.Certified);
        Assert.False(result.Info.KernelBuilt);
    }

    [Fact]
    public void CertifiedBitOnAnythingButAPrepareOkIsNotReportedAsCertified()
    {
        var commit = new CommitMessage { View = 1, Opnum = 2 };
        var result = MessageDecoder.TryDecode(MessageEncoder.EncodeToArray(commit, FastHeader.Certified));
        Assert.True(result.IsSuccess);
        Assert.False(result.Info.Certified);
    }

    [Fact]
    public void ViewsBeyondThirtyBitsAreTruncatedInTheFastHeaderOnly()
    {
        var ok = new PrepareOKMessage { View = (1UL << 30) + 3, Opnum = (1UL << 32) + 7, ReplicaIdx = 1 };
        var result = MessageDecoder.TryDecode(MessageEncoder.EncodeToArray(ok));
        Assert.Equal(FastHeaders.Of(3, 7, 1), result.Header);
        Assert.Equal(ok, result.Message);
    }

    [Fact]
    public void PeekTypeNameReadsTheNameOfBothPrepareOkFormsAndNothingFromGarbage()
    {
        Assert.Equal("specpaxos.vr.proto.CommitMessage", MessageDecoder.PeekTypeName(MessageEncoder.EncodeToArray(new CommitMessage { View = 1, Opnum = 1 })));
        Assert.Equal(KernelPrepareOk.TypeName, MessageDecoder.PeekTypeName(KernelPrepareOk.EncodeToArray(1, 1, 1)));
        Assert.Null(MessageDecoder.PeekTypeName(new byte[] { 0x18, 0x03, 0x05, 0x20, 0xff }));
        Assert.Null(MessageDecoder.PeekTypeName(DatagramFragmenter.Split(MessageEncoder.EncodeToArray(new CommitMessage { View = 1, Opnum = 1 }), 1, 4)[0]));
    }
}
