using Electrode.Vr.Client;
using Electrode.Vr.Messages;
using Electrode.Vr.Tests.Transport.Simulated;
using Electrode.Vr.Transport.Simulated;
using Google.Protobuf;

namespace Electrode.Vr.Tests.Client;

/// <summary>With <see cref="ClientOptions.Adaptive"/>, a lost request or reply costs a few round trips, not seven seconds.</summary>
public class VrClientAdaptiveTimeoutTests
{
    private readonly SimulatedNetwork network = new(TestCluster.Configuration(3), seed: 1);
    private readonly RecordingReceiver leader;
    private readonly VrClient client;

    public VrClientAdaptiveTimeoutTests()
    {
        var replicas = Enumerable.Range(0, 3).Select(i =>
        {
            var r = new RecordingReceiver(() => network.Now);
            network.Register(r, i);
            return r;
        }).ToArray();
        leader = replicas[0];
        client = new VrClient(network, clientId: 77, ClientOptions.Adaptive);
    }

    [Fact]
    public void UnansweredRequest_IsResentAfterThreeMeasuredRoundTrips_ThenAfterTwiceThat()
    {
        AnswerAfter(TimeSpan.FromMilliseconds(20), requestId: 1);
        client.Invoke("b"u8, _ => { });

        network.RunFor(TimeSpan.FromMilliseconds(59));
        Assert.Equal(0, client.Resends);
        network.RunFor(TimeSpan.FromMilliseconds(2));
        Assert.Equal(1, client.Resends);
        network.RunFor(TimeSpan.FromMilliseconds(118));
        Assert.Equal(1, client.Resends);
        network.RunFor(TimeSpan.FromMilliseconds(2));
        Assert.Equal(2, client.Resends);
    }

    [Fact]
    public void AnswerToAResentRequest_IsNotSampled()
    {
        client.Invoke("a"u8, _ => { });
        network.RunFor(TimeSpan.FromMilliseconds(150));
        Assert.Equal(1, client.Resends);

        Reply(requestId: 1);

        Assert.Equal(0, client.RoundTrips.Samples);
        Assert.False(client.HasPendingRequest);
    }

    [Fact]
    public void BeforeAnyRoundTrip_TheFirstResendComesAfterTheInitialTimeout()
    {
        client.Invoke("a"u8, _ => { });

        network.RunFor(TimeSpan.FromMilliseconds(99));
        Assert.Equal(0, client.Resends);
        network.RunFor(TimeSpan.FromMilliseconds(2));
        Assert.Equal(1, client.Resends);
    }

    private void AnswerAfter(TimeSpan delay, ulong requestId)
    {
        client.Invoke("a"u8, _ => { });
        network.RunFor(delay);
        Reply(requestId);
        Assert.Equal(1, client.RoundTrips.Samples);
    }

    private void Reply(ulong requestId)
    {
        network.Send(leader, client.Address, new ReplyMessage { View = 0, Opnum = requestId, Clientreqid = requestId, Reply = ByteString.Empty });
        network.RunFor(TimeSpan.Zero);
    }
}
