using Electrode.Vr.Apps.KeyValue;

namespace Electrode.Vr.Tests.Apps.KeyValue;

public class KvOperationTests
{
    [Fact]
    public void Put_RoundTripsThroughItsEncoding()
    {
        var put = KvOperation.Put("k"u8.ToArray(), "value"u8.ToArray());

        var bytes = put.Encode();

        Assert.Equal([2, 1, 0, (byte)'k', .. "value"u8.ToArray()], bytes);
        Assert.True(KvOperation.TryDecode(bytes, out var decoded));
        Assert.Equal((KvOpCode.Put, "k", "value"), (decoded!.OpCode, System.Text.Encoding.UTF8.GetString(decoded.Key), System.Text.Encoding.UTF8.GetString(decoded.Value)));
    }

    [Theory]
    [InlineData(new byte[] { })]
    [InlineData(new byte[] { 1, 1 })]
    [InlineData(new byte[] { 9, 1, 0, 65 })]
    [InlineData(new byte[] { 1, 0, 0 })]
    [InlineData(new byte[] { 1, 5, 0, 65 })]
    [InlineData(new byte[] { 1, 1, 0, 65, 66 })]
    public void MalformedEncoding_IsRejected(byte[] bytes)
    {
        Assert.False(KvOperation.TryDecode(bytes, out var operation));
        Assert.Null(operation);
    }

    [Fact]
    public void Encode_RejectsAnEmptyKey() =>
        Assert.Throws<ArgumentException>(() => KvOperation.Get([]).Encode());
}
