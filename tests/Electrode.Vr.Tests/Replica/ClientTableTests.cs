using Electrode.Vr.Messages;
using Electrode.Vr.Replica;

namespace Electrode.Vr.Tests.Replica;

public class ClientTableTests
{
    [Fact]
    public void RequestLifecycle_NewThenInProgressThenExecutedWithTheCachedReply()
    {
        var table = new ClientTable();
        var request = Request(3);

        Assert.Equal(RequestDisposition.New, table.Classify(request, out _));
        table.MarkInProgress(request);
        Assert.Equal(RequestDisposition.InProgress, table.Classify(request, out _));
        var reply = new ReplyMessage { Clientreqid = 3, Opnum = 1 };
        table.RecordExecuted(request, reply);

        Assert.Equal(RequestDisposition.Executed, table.Classify(request, out var cached));
        Assert.Same(reply, cached);
        Assert.Equal(RequestDisposition.Stale, table.Classify(Request(2), out _));
        Assert.Equal(RequestDisposition.New, table.Classify(Request(4), out _));
    }

    [Fact]
    public void ResetInProgress_ForgetsRequestsNoLongerInTheLog()
    {
        var table = new ClientTable();
        table.MarkInProgress(Request(3));

        table.ResetInProgress([]);

        Assert.Equal(RequestDisposition.New, table.Classify(Request(3), out _));
    }

    private static Request Request(ulong id) => new() { Clientid = 9, Clientreqid = id };
}
