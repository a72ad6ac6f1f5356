using Electrode.Vr.Apps.KeyValue;

namespace Electrode.Vr.Tests.Apps.KeyValue;

public class KvStoreAppTests
{
    private readonly KvStoreApp store = new();

    [Fact]
    public void PutGetDelete_BehaveAsAMap()
    {
        var key = "k"u8.ToArray();

        Assert.Equal(KvStatus.NotFound, Run(KvOperation.Get(key)).Status);
        Assert.Equal(KvStatus.Ok, Run(KvOperation.Put(key, "v"u8.ToArray())).Status);
        Assert.Equal("v"u8.ToArray(), Run(KvOperation.Get(key)).Value);
        Assert.Equal(KvStatus.Ok, Run(KvOperation.Delete(key)).Status);
        Assert.Equal(KvStatus.NotFound, Run(KvOperation.Delete(key)).Status);
        Assert.Equal(0, store.Count);
    }

    [Fact]
    public void UnloggedGet_ReadsButUnloggedPutIsRefused()
    {
        Run(KvOperation.Put("k"u8.ToArray(), "v"u8.ToArray()));

        Assert.True(KvReply.TryDecode(store.ExecuteUnlogged(KvOperation.Get("k"u8.ToArray()).Encode()), out var read));
        Assert.Equal("v"u8.ToArray(), read!.Value);
        Assert.True(KvReply.TryDecode(store.ExecuteUnlogged(KvOperation.Put("k"u8.ToArray(), "w"u8.ToArray()).Encode()), out var refused));
        Assert.Equal(KvStatus.BadRequest, refused!.Status);
        Assert.Equal("v"u8.ToArray(), Run(KvOperation.Get("k"u8.ToArray())).Value);
    }

    [Fact]
    public void MalformedOperation_GetsBadRequestAndChangesNothing()
    {
        Assert.True(KvReply.TryDecode(store.Execute(1, [7, 7]), out var reply));

        Assert.Equal(KvStatus.BadRequest, reply!.Status);
        Assert.Equal(0, store.Count);
    }

    private KvReply Run(KvOperation operation)
    {
        Assert.True(KvReply.TryDecode(store.Execute(1, operation.Encode()), out var reply));
        return reply!;
    }
}
