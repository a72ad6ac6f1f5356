using Electrode.Programs.Wire;
using Electrode.Vr.Messages;
using Electrode.Vr.Wire;
using Google.Protobuf;

namespace Electrode.Vr.Tests.Wire;

/// <summary>Pins the exact bytes of the framing the kernel programs parse; a change here breaks them.</summary>
public class GoldenFramingTests
{
    private static byte[] Hex(string hex) => Convert.FromHexString(string.Concat(hex.Where(c => !char.IsWhiteSpace(c))));

    private static string Ascii(string s) => Convert.ToHexString(System.Text.Encoding.ASCII.GetBytes(s));

    [Fact]
    public void PrepareWithBroadcastBitHasThePinnedBytes()
    {
        var prepare = new PrepareMessage
        {
            View = 5, Opnum = 7, Batchstart = 6,
            Request = { new Request { Op = ByteString.CopyFromUtf8("ab"), Clientid = 1, Clientreqid = 2 } },
        };
        var expected = Hex(
            "18030520" +                                     // magic 0x20050318
            "2100000000000000" +                             // type-name length 33
            Ascii("specpaxos.vr.proto.PrepareMessage") +
            "05000080" + "07000000" + "06000000" +           // view 5 | broadcast, last op 7, batch start 6
            "1000000000000000" +                             // body length 16
            "0805" + "1007" + "1806" + "2208" + "0a026162" + "1001" + "1802");

        Assert.Equal(expected, MessageEncoder.EncodeToArray(prepare, FastHeader.Broadcast));
    }

    [Fact]
    public void PrepareOkHasThePinnedBytes()
    {
        var ok = new PrepareOKMessage { View = 3, Opnum = 9, ReplicaIdx = 2 };
        var expected = Hex(
            "18030520" +
            "2300000000000000" +                             // type-name length 35
            Ascii("specpaxos.vr.proto.PrepareOKMessage") +
            "03000000" + "09000000" + "02000000" +           // view, op, replica index
            "0600000000000000" +
            "0803" + "1009" + "1802");

        Assert.Equal(expected, MessageEncoder.EncodeToArray(ok));
    }

    private static readonly byte[] CertifiedKernelPrepareOk = Hex(
        "18030520" +
        "1800000000000000" +                                 // type-name length 24
        Ascii("specpaxos.vr.MyPrepareOK") +
        "03000040" + "09000000" + "02000000" +               // view 3 | certified, op 9, replica 2
        "1400000000000000" +                                 // body length 20
        "0300000000000000" + "0900000000000000" + "02000000");

    [Fact]
    public void KernelPrepareOkHasThePinnedBytes()
    {
        Assert.Equal(CertifiedKernelPrepareOk, KernelPrepareOk.EncodeToArray(3, 9, 2, FastHeader.Certified));
    }

    [Fact]
    public void KernelPrepareOkDecodesToAPrepareOkMarkedKernelBuiltAndCertified()
    {
        var result = MessageDecoder.TryDecode(CertifiedKernelPrepareOk);

        Assert.True(result.IsSuccess, result.ToString());
        Assert.Equal(new PrepareOKMessage { View = 3, Opnum = 9, ReplicaIdx = 2 }, result.Message);
        Assert.True(result.Info.KernelBuilt);
        Assert.True(result.Info.Certified);
    }

    [Fact]
    public void KernelPrepareOkWithAWrongBodyLengthIsRejected()
    {
        var datagram = CertifiedKernelPrepareOk.Concat(new byte[] { 0 }).ToArray();
        datagram[4 + 8 + 24 + 12] = 21;
        Assert.Equal(DecodeError.BadBodyLength, MessageDecoder.TryDecode(datagram).Error);
    }

    [Fact]
    public void FragmentHasTheReferenceLayout()
    {
        var datagram = Hex("18030520" + "AABBCCDDEE");
        var fragment = new byte[64];
        int written = DatagramFragmenter.WriteFragment(datagram, messageId: 0x0102, index: 1, fragment, maxPayload: 3);

        var expected = Hex(
            "10101020" +                                     // fragment magic 0x20101010
            "0201000000000000" +                             // message id
            "0300000000000000" +                             // offset into the datagram after its magic
            "0500000000000000" +                             // total length after the magic
            "DDEE");
        Assert.Equal(expected, fragment[..written]);
    }
}
