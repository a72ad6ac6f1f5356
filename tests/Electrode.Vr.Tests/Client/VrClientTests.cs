using System.Text;
using Electrode.Vr.Client;
using Electrode.Vr.Messages;
using Electrode.Vr.Tests.Transport.Simulated;
using Electrode.Vr.Transport.Simulated;
using Google.Protobuf;

namespace Electrode.Vr.Tests.Client;

public class VrClientTests
{
    private readonly SimulatedNetwork network = new(TestCluster.Configuration(3), seed: 1);
    private readonly RecordingReceiver[] replicas;
    private readonly VrClient client;

    public VrClientTests()
    {
        replicas = Enumerable.Range(0, 3).Select(i =>
        {
            var r = new RecordingReceiver(() => network.Now);
            network.Register(r, i);
            return r;
        }).ToArray();
        client = new VrClient(network, clientId: 77);
    }

    [Fact]
    public void FirstRequest_GoesToEveryReplica_SinceTheClientKnowsNoLeaderYet()
    {
        client.Invoke("a"u8, _ => { });
        network.RunFor(TimeSpan.FromSeconds(1));

        foreach (var replica in replicas)
        {
            var request = Assert.Single(replica.Messages).Message as RequestMessage;
            Assert.Equal(("a", 77ul, 1ul), (request!.Req.Op.ToStringUtf8(), request.Req.Clientid, request.Req.Clientreqid));
        }
    }

    [Fact]
    public void AfterAReply_RequestsGoToTheLeaderOfTheViewLearnt_Only()
    {
        LearnView(0);

        client.Invoke("b"u8, _ => { });
        network.RunFor(TimeSpan.FromSeconds(1));

        Assert.Single(replicas[0].Messages, m => m.Message is RequestMessage { Req.Clientreqid: 2 });
        Assert.DoesNotContain(replicas[1].Messages, m => m.Message is RequestMessage { Req.Clientreqid: 2 });
        Assert.DoesNotContain(replicas[2].Messages, m => m.Message is RequestMessage { Req.Clientreqid: 2 });
    }

    [Fact]
    public void UnansweredRequest_IsResentToEveryReplicaAfterSevenSeconds()
    {
        LearnView(0);
        client.Invoke("b"u8, _ => { });

        network.RunFor(TimeSpan.FromSeconds(6.9));
        Assert.DoesNotContain(replicas[2].Messages, m => m.Message is RequestMessage { Req.Clientreqid: 2 });
        network.RunFor(TimeSpan.FromSeconds(0.2));

        Assert.All(replicas, r => Assert.Contains(r.Messages, m => m.Message is RequestMessage { Req.Clientreqid: 2 }));
        Assert.Equal(1, client.Resends);
    }

    /// <summary>Completes a first request with a reply from the leader of <paramref name="view"/>.</summary>
    private void LearnView(ulong view)
    {
        client.Invoke("a"u8, _ => { });
        network.Send(replicas[(int)view % 3], client.Address, new ReplyMessage { View = view, Opnum = 1, Clientreqid = 1, Reply = ByteString.Empty });
        network.RunFor(TimeSpan.FromMilliseconds(1));
        Assert.False(client.HasPendingRequest);
    }

    [Fact]
    public void Reply_CompletesTheRequestAndTeachesTheView()
    {
        string? reply = null;
        client.Invoke("a"u8, r => reply = Encoding.UTF8.GetString(r));

        network.Send(replicas[1], client.Address, new ReplyMessage { View = 4, Opnum = 1, Clientreqid = 1, Reply = ByteString.CopyFromUtf8("ok") });
        network.RunFor(TimeSpan.FromSeconds(10));

        Assert.Equal("ok", reply);
        Assert.Equal(4ul, client.BelievedView);
        Assert.False(client.HasPendingRequest);
        Assert.Equal(0, client.Resends);
        client.Invoke("b"u8, _ => { });
        network.RunFor(TimeSpan.FromMilliseconds(1));
        Assert.Contains(replicas[1].Messages, m => m.Message is RequestMessage { Req.Clientreqid: 2 });
    }

    [Fact]
    public void ReplyToAnotherRequestId_IsIgnored()
    {
        var replies = 0;
        client.Invoke("a"u8, _ => replies++);

        network.Send(replicas[0], client.Address, new ReplyMessage { View = 0, Opnum = 1, Clientreqid = 9, Reply = ByteString.Empty });
        network.RunFor(TimeSpan.FromSeconds(1));

        Assert.Equal(0, replies);
        Assert.True(client.HasPendingRequest);
    }

    [Fact]
    public void SecondInvokeWhilePending_Throws()
    {
        client.Invoke("a"u8, _ => { });

        Assert.Throws<InvalidOperationException>(() => client.Invoke("b"u8, _ => { }));
    }

    [Fact]
    public void UnansweredUnloggedRequest_ReportsOneTimeout()
    {
        var timeouts = 0;
        client.InvokeUnlogged(2, "q"u8, _ => { }, () => timeouts++);

        network.RunFor(TimeSpan.FromSeconds(10));

        Assert.Equal(1, timeouts);
        Assert.IsType<UnloggedRequestMessage>(Assert.Single(replicas[2].Messages).Message);
    }

    [Fact]
    public async Task UnloggedRequestAsync_FailsWithATypedTimeout()
    {
        var task = client.InvokeUnloggedAsync(1, "q"u8, TimeSpan.FromMilliseconds(200));

        network.RunFor(TimeSpan.FromSeconds(1));

        var error = await Assert.ThrowsAsync<UnloggedRequestTimeoutException>(() => task);
        Assert.Equal(1, error.ReplicaIndex);
    }

    [Fact]
    public void UnloggedReplyFromAnotherReplica_IsNotTakenForTheAnswer()
    {
        var replies = 0;
        client.InvokeUnlogged(2, "q"u8, _ => replies++, () => { });

        network.Send(replicas[0], client.Address, new UnloggedReplyMessage { Reply = ByteString.CopyFromUtf8("x") });
        network.Send(replicas[2], client.Address, new UnloggedReplyMessage { Reply = ByteString.CopyFromUtf8("y") });
        network.RunFor(TimeSpan.FromSeconds(5));

        Assert.Equal(1, replies);
    }

    [Fact]
    public async Task InvokeAsync_CompletesWithTheReply()
    {
        var task = client.InvokeAsync("a"u8);

        network.Send(replicas[0], client.Address, new ReplyMessage { View = 0, Opnum = 1, Clientreqid = 1, Reply = ByteString.CopyFromUtf8("done") });
        network.RunFor(TimeSpan.FromSeconds(1));

        Assert.Equal("done", Encoding.UTF8.GetString(await task));
    }
}
