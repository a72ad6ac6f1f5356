using System.Buffers.Binary;
using Electrode.Vr.Messages;
using Electrode.Vr.Wire;

namespace Electrode.Vr.Tests.Wire;

public class MessageDecoderRejectionTests
{
    private static byte[] ValidCommit() => MessageEncoder.EncodeToArray(new CommitMessage { View = 1, Opnum = 2 });

    private static readonly int CommitNameLength = "specpaxos.vr.proto.CommitMessage".Length;

    [Fact]
    public void EmptyDatagramIsTruncated() => Assert.Equal(DecodeError.Truncated, MessageDecoder.TryDecode([]).Error);

    [Fact]
    public void UnknownMagicIsBadMagic()
    {
        var d = ValidCommit();
        d[0] ^= 0xff;
        Assert.Equal(DecodeError.BadMagic, MessageDecoder.TryDecode(d).Error);
    }

    [Fact]
    public void FragmentIsReportedAsFragmentNotDecoded()
    {
        var fragment = DatagramFragmenter.Split(ValidCommit(), 1, maxPayload: 8)[0];
        Assert.Equal(DecodeError.IsFragment, MessageDecoder.TryDecode(fragment).Error);
    }

    [Fact]
    public void HugeTypeNameLengthIsRejectedWithoutReadingIt()
    {
        var d = ValidCommit();
        BinaryPrimitives.WriteUInt64LittleEndian(d.AsSpan(4), ulong.MaxValue);
        Assert.Equal(DecodeError.BadTypeNameLength, MessageDecoder.TryDecode(d).Error);
    }

    [Fact]
    public void UnknownTypeNameIsUnknownType()
    {
        var d = ValidCommit();
        d[12 + CommitNameLength - 1] = (byte)'X';
        Assert.Equal(DecodeError.UnknownType, MessageDecoder.TryDecode(d).Error);
    }

    [Fact]
    public void MissingTailIsTruncatedOrBadBodyLength()
    {
        var d = ValidCommit();
        Assert.Equal(DecodeError.BadBodyLength, MessageDecoder.TryDecode(d[..^1]).Error);
        Assert.Equal(DecodeError.Truncated, MessageDecoder.TryDecode(d[..20]).Error);
    }

    [Fact]
    public void TrailingBytesAreABadBodyLength()
    {
        var d = ValidCommit().Concat(new byte[] { 0 }).ToArray();
        Assert.Equal(DecodeError.BadBodyLength, MessageDecoder.TryDecode(d).Error);
    }

    [Fact]
    public void GarbageBodyIsMalformed()
    {
        var d = ValidCommit();
        d[^4] = 0xff; // a tag byte with an invalid wire type
        d[^3] = 0xff;
        var error = MessageDecoder.TryDecode(d).Error;
        Assert.Equal(DecodeError.MalformedBody, error);
    }

    [Fact]
    public void MessageLackingARequiredFieldIsRejected()
    {
        var partial = new CommitMessage { View = 1 };
        var error = MessageDecoder.TryDecode(MessageEncoder.EncodeToArray(partial)).Error;
        Assert.Equal(DecodeError.MissingRequiredFields, error);
    }

    [Fact]
    public void NestedMessageLackingARequiredFieldIsRejected()
    {
        var prepare = new PrepareMessage { View = 1, Opnum = 2, Batchstart = 2, Request = { new Request { Clientid = 1, Clientreqid = 1 } } };
        Assert.Equal(DecodeError.MissingRequiredFields, MessageDecoder.TryDecode(MessageEncoder.EncodeToArray(prepare)).Error);
    }

    [Fact]
    public void DeeplyNestedLogEntryLackingItsRequestIsRejected()
    {
        var transfer = new StateTransferMessage { View = 1, Opnum = 1, Entries = { new StateTransferMessage.Types.LogEntry { View = 1, Opnum = 1 } } };
        Assert.Equal(DecodeError.MissingRequiredFields, MessageDecoder.TryDecode(MessageEncoder.EncodeToArray(transfer)).Error);
    }
}
