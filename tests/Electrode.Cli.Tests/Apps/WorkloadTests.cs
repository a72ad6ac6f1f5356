using System.Text;
using Electrode.Cli.Apps;
using Electrode.Vr.Apps;
using Electrode.Vr.Apps.KeyValue;

namespace Electrode.Cli.Tests.Apps;

public class WorkloadTests
{
    [Theory]
    [InlineData(AppChoice.Echo)]
    [InlineData(AppChoice.KeyValue)]
    public void RepliesOfTheMatchingAppAreExpectedAndThoseOfTheOtherAppAreNot(string app)
    {
        var workload = AppChoice.CreateWorkload(app);
        var matching = AppChoice.CreateApp(app);
        var other = AppChoice.CreateApp(app == AppChoice.Echo ? AppChoice.KeyValue : AppChoice.Echo);

        for (int client = 0; client < 3; client++)
        {
            for (long sequence = 0; sequence < 40; sequence++)
            {
                var operation = workload.Operation(client, sequence);
                Assert.True(workload.IsExpectedReply(client, sequence, matching.Execute(1, operation)), $"client {client} request {sequence}");
                Assert.False(workload.IsExpectedReply(client, sequence, other.Execute(1, operation)), $"client {client} request {sequence}");
            }
        }
    }

    [Fact]
    public void KeyValueGetExpectsTheValueItsClientPutJustBefore()
    {
        var workload = new KvWorkload();
        var store = new KvStoreApp();
        store.Execute(1, workload.Operation(0, 4));

        Assert.False(workload.IsExpectedReply(0, 5, new KvReply(KvStatus.Ok, Encoding.UTF8.GetBytes("2")).Encode()));
        Assert.True(workload.IsExpectedReply(0, 5, store.Execute(2, workload.Operation(0, 5))));
    }

    [Fact]
    public void EchoReplyToAnotherRequestIsWrong()
    {
        var workload = new EchoWorkload();
        var app = new EchoApp();

        Assert.False(workload.IsExpectedReply(1, 8, app.Execute(1, workload.Operation(1, 9))));
    }

    [Fact]
    public void NullAppAnswersEverythingEmpty_AsTheReferenceBenchmarkReplica_AndOnlyAnEmptyReplyIsExpected()
    {
        var workload = AppChoice.CreateWorkload(AppChoice.Null);
        var app = AppChoice.CreateApp(AppChoice.Null);

        for (long sequence = 0; sequence < 10; sequence++)
        {
            var operation = workload.Operation(2, sequence);
            Assert.Empty(app.Execute((ulong)sequence + 1, operation));
            Assert.True(workload.IsExpectedReply(2, sequence, app.Execute((ulong)sequence + 1, operation)));
            Assert.False(workload.IsExpectedReply(2, sequence, new EchoApp().Execute(1, operation)));
        }
    }
}
