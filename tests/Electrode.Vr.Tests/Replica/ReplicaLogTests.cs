using Electrode.Vr.Messages;
using Electrode.Vr.Replica;

namespace Electrode.Vr.Tests.Replica;

public class ReplicaLogTests
{
    [Fact]
    public void Append_AcceptsOnlyTheNextOpNumber()
    {
        var log = new ReplicaLog();
        log.Append(Entry(1));

        Assert.Throws<InvalidOperationException>(() => log.Append(Entry(3)));
        Assert.Equal(1ul, log.LastOpNumber);
    }

    [Fact]
    public void TruncateAfter_KeepsThePrefixAndFindMissesTheRest()
    {
        var log = new ReplicaLog();
        for (ulong op = 1; op <= 4; op++) log.Append(Entry(op));

        log.TruncateAfter(2);

        Assert.Equal(2ul, log.LastOpNumber);
        Assert.NotNull(log.Find(2));
        Assert.Null(log.Find(3));
        Assert.Null(log.Find(0));
    }

    [Fact]
    public void From_ListsEntriesFromTheGivenOpToTheEnd()
    {
        var log = new ReplicaLog();
        for (ulong op = 1; op <= 3; op++) log.Append(Entry(op));

        Assert.Equal([2ul, 3ul], log.From(2).Select(e => e.OpNumber));
        Assert.Empty(log.From(4));
        Assert.Equal(3, log.From(0).Count());
    }

    private static LogEntry Entry(ulong op) => new(0, op, new Request { Clientid = 1, Clientreqid = op });
}
