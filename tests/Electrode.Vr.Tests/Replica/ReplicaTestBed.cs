using Electrode.Programs.Layout;
using Electrode.Vr.Apps;
using Electrode.Vr.FastPath;
using Electrode.Vr.Messages;
using Electrode.Vr.Replica;
using Electrode.Vr.Tests.Transport.Simulated;
using Electrode.Vr.Transport;
using Electrode.Vr.Transport.Simulated;
using Google.Protobuf;

namespace Electrode.Vr.Tests.Replica;

/// <summary>
/// One real replica among scripted peers: the other replica indexes and a client are recording receivers on a
/// simulated network. Tests hand the replica messages "from" a peer and read what the peers received.
/// </summary>
internal sealed class ReplicaTestBed
{
    public ReplicaTestBed(int index, int replicas = 3, int batchSize = 1, bool recovering = false,
        FastPaths capabilities = FastPaths.None, Func<ReplicaOptions, ReplicaOptions>? configure = null)
    {
        Network = new SimulatedNetwork(TestCluster.Configuration(replicas), seed: 1);
        Peers = new RecordingReceiver?[replicas];
        for (var i = 0; i < replicas; i++)
        {
            if (i == index) continue;
            Peers[i] = new RecordingReceiver(() => Network.Now);
            Network.Register(Peers[i]!, i);
        }
        Client = new RecordingReceiver(() => Network.Now);
        ClientAddress = Network.Register(Client, null);
        FastPath = new RecordingFastPath(capabilities, Events);
        Replica = new VrReplica(new EventLoggingTransport(Network, Events), index, App,
            (configure ?? (o => o))(new ReplicaOptions { BatchSize = batchSize, NonceSource = () => 42 }), FastPath, recovering);
    }

    public SimulatedNetwork Network { get; }

    public RecordingReceiver?[] Peers { get; }

    public RecordingReceiver Client { get; }

    public EndpointAddress ClientAddress { get; }

    public EchoApp App { get; } = new();

    public List<string> Events { get; } = [];

    public RecordingFastPath FastPath { get; }

    public VrReplica Replica { get; }

    public EndpointAddress AddressOf(int replica) => Network.Configuration.Replicas[replica].Address;

    /// <summary>Delivers <paramref name="message"/> as if replica <paramref name="from"/> sent it, then lets the network settle.</summary>
    public void FromReplica(int from, IMessage message, bool certified = false)
    {
        Replica.Receive(AddressOf(from), message, new ReceiveInfo(certified, KernelBuilt: false));
        Settle();
    }

    public void FromClient(IMessage message)
    {
        Replica.Receive(ClientAddress, message, default);
        Settle();
    }

    /// <summary>Delivers what is in flight without letting any timer of a second or so fire.</summary>
    public void Settle() => Network.Run(cap: TimeSpan.FromMilliseconds(1));

    public IEnumerable<T> ReceivedBy<T>(RecordingReceiver receiver) => receiver.Messages.Select(m => m.Message).OfType<T>();

    public IEnumerable<T> ReceivedBy<T>(int peer) => ReceivedBy<T>(Peers[peer]!);

    public static RequestMessage Request(string op, ulong client = 7, ulong id = 1) =>
        new() { Req = new Request { Op = ByteString.CopyFromUtf8(op), Clientid = client, Clientreqid = id } };

    public static PrepareMessage Prepare(ulong view, ulong first, params string[] ops)
    {
        var prepare = new PrepareMessage { View = view, Batchstart = first, Opnum = first + (ulong)ops.Length - 1 };
        for (var i = 0; i < ops.Length; i++)
            prepare.Request.Add(new Request { Op = ByteString.CopyFromUtf8(ops[i]), Clientid = 7, Clientreqid = first + (ulong)i });
        return prepare;
    }

    public static PrepareOKMessage PrepareOk(ulong view, ulong op, int replica) =>
        new() { View = view, Opnum = op, ReplicaIdx = (uint)replica };
}
