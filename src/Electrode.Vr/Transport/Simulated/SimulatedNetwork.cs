using Electrode.Vr.Transport.Datagrams;
using Electrode.Vr.Wire;
using Google.Protobuf;

namespace Electrode.Vr.Transport.Simulated;

/// <summary>
/// A deterministic network with virtual time, shared by every replica and client of a test. Every message
/// travels as real bytes: encoded in the Electrode framing, wrapped in an Ethernet + IPv4 + UDP frame, passed
/// through the sender's egress hook, the packet filters and the receiver's ingress hook of the
/// <see cref="DataPlane"/>, then decoded. Events at the same virtual time run in the order they were scheduled;
/// time jumps straight to the next event. The same seed and the same calls give the same run.
/// All callbacks run on the thread calling <see cref="Run"/>.
/// </summary>
public sealed class SimulatedNetwork : ITransport, IDatagramWire
{
    /// <summary>Events processed by one <see cref="Run"/> before it gives up with <see cref="RunResult.EventLimitReached"/>.</summary>
    public const long DefaultMaxEvents = 10_000_000;

    private const uint ClientAddressBase = 0x0AFE0000; // 10.254.0.0/16
    private const ushort ClientPort = 50000;

    private readonly DatagramPath _path;
    private readonly Random _random;
    private readonly VirtualClock _clock = new();
    private readonly List<(long Id, PacketFilter Filter)> _filters = new();
    private readonly Dictionary<ITransportReceiver, Host> _hostsByReceiver = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<EndpointAddress, Host> _hostsByAddress = new();
    private readonly SimulatedHost[] _replicaHosts;
    private readonly List<string>? _trace;
    private long _lastFilterId;
    private int _clientCount;

    /// <summary>Creates a network for <paramref name="configuration"/>, its randomness seeded with <paramref name="seed"/>.</summary>
    /// <param name="configuration">Replica addresses and MACs (synthesized where the configuration has none).</param>
    /// <param name="seed">Seed of every random choice the network makes (filter probabilities, reorder delays).</param>
    /// <param name="dataPlane">Kernel fast paths to run on every frame; none by default.</param>
    /// <param name="recordTrace">Keep a line per network event in <see cref="Trace"/>.</param>
    public SimulatedNetwork(ClusterConfiguration configuration, int seed, ISimulatedDataPlane? dataPlane = null, bool recordTrace = false)
    {
        Configuration = configuration;
        DataPlane = dataPlane ?? PassThroughDataPlane.Instance;
        _path = new DatagramPath(configuration, ReassemblyLimits.Default, this);
        _random = new Random(seed);
        _trace = recordTrace ? new List<string>() : null;
        _replicaHosts = configuration.Replicas
            .Select((r, i) => new SimulatedHost(i, r.Address, CheckMac(r.Mac, i) ?? SynthesizedMac(0, i)))
            .ToArray();
    }

    /// <inheritdoc />
    public ClusterConfiguration Configuration { get; }

    /// <summary>The fast paths run on every frame. Replace it before traffic flows.</summary>
    public ISimulatedDataPlane DataPlane { get; set; }

    /// <summary>Delay of every frame before filters add theirs; zero by default.</summary>
    public TimeSpan Latency { get; set; }

    /// <inheritdoc />
    public TimeSpan Now => _clock.Now;

    /// <summary>What happened to frames so far.</summary>
    public SimulatedNetworkCounters Counters { get; } = new();

    /// <summary>One line per send, drop and delivery, when created with <c>recordTrace</c>; otherwise empty.</summary>
    public IReadOnlyList<string> Trace => _trace ?? (IReadOnlyList<string>)[];

    /// <summary>The host of replica <paramref name="index"/>, registered or not.</summary>
    public SimulatedHost ReplicaHost(int index) => _replicaHosts[Configuration.CheckReplicaIndex(index)];

    /// <summary>The host a receiver registered as.</summary>
    public SimulatedHost HostOf(ITransportReceiver receiver) => Lookup(receiver).Info;

    /// <inheritdoc />
    public EndpointAddress Register(ITransportReceiver receiver, int? replicaIndex)
    {
        if (_hostsByReceiver.ContainsKey(receiver))
            throw new InvalidOperationException($"this receiver is already registered as {_hostsByReceiver[receiver].Info}");
        SimulatedHost info;
        if (replicaIndex is int index)
        {
            info = _replicaHosts[Configuration.CheckReplicaIndex(index)];
            if (_hostsByAddress.ContainsKey(info.Address))
                throw new InvalidOperationException($"replica {index} is already registered");
        }
        else
        {
            info = NewClientHost();
        }
        var host = new Host(info, receiver);
        _hostsByReceiver.Add(receiver, host);
        _hostsByAddress.Add(info.Address, host);
        return info.Address;
    }

    /// <summary>
    /// Detaches a receiver, as when its process dies: frames still in flight to it are lost, and its replica
    /// index (or client address) is free to register again. Its timers are not cancelled.
    /// </summary>
    /// <returns>False when the receiver was not registered.</returns>
    public bool Unregister(ITransportReceiver receiver)
    {
        if (!_hostsByReceiver.Remove(receiver, out var host))
            return false;
        _hostsByAddress.Remove(host.Info.Address);
        return true;
    }

    /// <inheritdoc />
    public bool Send(ITransportReceiver from, EndpointAddress to, IMessage message) => _path.Send(Lookup(from), to, message);

    /// <inheritdoc />
    public bool SendToReplica(ITransportReceiver from, int replicaIndex, IMessage message)
    {
        var sender = Lookup(from);
        return _path.Send(sender, _replicaHosts[Configuration.CheckReplicaIndex(replicaIndex)].Address, message);
    }

    /// <inheritdoc />
    public bool SendToAllReplicas(ITransportReceiver from, IMessage message) =>
        _path.SendToAllReplicas(Lookup(from), message, DataPlane.SupportsBroadcast);

    /// <inheritdoc />
    public long StartTimer(TimeSpan delay, Action callback) =>
        _clock.StartTimer(delay, id =>
        {
            Record($"timer {id}");
            callback();
        });

    /// <inheritdoc />
    public void CancelTimer(long timerId) => _clock.CancelTimer(timerId);

    /// <summary>Installs a filter; it applies to frames sent from now on.</summary>
    /// <returns>An id for <see cref="RemoveFilter"/>.</returns>
    public long AddFilter(PacketFilter filter)
    {
        long id = ++_lastFilterId;
        _filters.Add((id, filter));
        return id;
    }

    /// <summary>Removes a filter; frames already in flight keep the fate it gave them.</summary>
    /// <returns>False when no filter has that id.</returns>
    public bool RemoveFilter(long filterId) => _filters.RemoveAll(f => f.Id == filterId) > 0;

    /// <summary>Removes every filter.</summary>
    public void ClearFilters() => _filters.Clear();

    /// <summary>
    /// Processes events in time order until <paramref name="until"/> holds (checked before every event), nothing
    /// is pending, the next event lies more than <paramref name="cap"/> of virtual time after the start, or
    /// <paramref name="maxEvents"/> events were processed.
    /// </summary>
    public RunResult Run(Func<bool>? until = null, TimeSpan? cap = null, long maxEvents = DefaultMaxEvents) =>
        _clock.Run(until, cap, maxEvents);

    /// <summary>Processes every event due within <paramref name="duration"/> and leaves the clock at its end.</summary>
    public RunResult RunFor(TimeSpan duration) => _clock.RunFor(duration, DefaultMaxEvents);

    bool IDatagramWire.Transmit(DatagramEndpoint from, EndpointAddress to, ReadOnlySpan<byte> datagram, string messageType)
    {
        var sender = (Host)from;
        var destinationMac = _hostsByAddress.TryGetValue(to, out var destination) ? destination.Info.Mac : new byte[UdpFrame.MacLength];
        Egress(sender, UdpFrame.Build(sender.Info.Mac, destinationMac, sender.Info.Address, to, datagram), messageType);
        return true;
    }

    void IDatagramWire.OnMessageTooLarge(DatagramEndpoint from, string messageType)
    {
        Counters.MessagesTooLarge++;
        Record($"too large at {((Host)from).Info}: {messageType}");
    }

    private void Egress(Host from, byte[] frame, string messageType)
    {
        var output = new List<byte[]>(1);
        DataPlane.Egress(from.Info, frame, output);
        if (output.Count == 0)
        {
            Counters.DroppedByDataPlane++;
            Record($"egress-drop {from.Info} {messageType}");
        }
        foreach (var outgoing in output)
            Transmit(from, outgoing, messageType);
    }

    private void Transmit(Host from, byte[] frame, string? messageType)
    {
        if (!UdpFrame.TryParse(frame, out var frameInfo, out var error) ||
            !_hostsByAddress.TryGetValue(frameInfo.Destination, out var to))
        {
            Counters.Unroutable++;
            Record($"unroutable from {from.Info}: {error ?? $"no host at {frameInfo.Destination}"}");
            return;
        }
        messageType ??= MessageDecoder.PeekTypeName(frame.AsSpan(frameInfo.PayloadOffset, frameInfo.PayloadLength));
        var packet = new PacketInfo(frameInfo.Source, frameInfo.Destination, from.Info.ReplicaIndex, to.Info.ReplicaIndex, messageType, frame.Length);

        var delay = Latency;
        int copies = 1;
        foreach (var (_, filter) in _filters.ToArray())
        {
            if (!filter.Match(packet) || (filter.Probability < 1 && _random.NextDouble() >= filter.Probability))
                continue;
            switch (filter.Action)
            {
                case FilterAction.Drop:
                    Counters.DroppedByFilter++;
                    Record($"drop {packet.From}->{packet.To} {messageType}");
                    return;
                case FilterAction.Delay:
                    delay += filter.Amount;
                    break;
                case FilterAction.Reorder:
                    delay += TimeSpan.FromTicks((long)(_random.NextDouble() * filter.Amount.Ticks));
                    break;
                case FilterAction.Duplicate:
                    copies += filter.ExtraCopies;
                    break;
            }
        }
        for (int i = 0; i < copies; i++)
        {
            Counters.FramesSent++;
            Record($"send {packet.From}->{packet.To} {messageType} arrives {(Now + delay).Ticks}");
            var copy = i == 0 ? frame : (byte[])frame.Clone();
            _clock.Schedule(Now + delay, () => Arrive(to, copy));
        }
    }

    private void Arrive(Host host, byte[] frame)
    {
        if (!_hostsByAddress.TryGetValue(host.Info.Address, out var current) || current != host)
        {
            Counters.Unroutable++;
            Record($"lost at unregistered {host.Info}");
            return;
        }
        var decision = DataPlane.Ingress(host.Info, frame);
        switch (decision.Verdict)
        {
            case IngressVerdict.Drop:
                Counters.DroppedByDataPlane++;
                Record($"ingress-drop at {host.Info}");
                return;
            case IngressVerdict.Transmit:
                Counters.TransmittedByDataPlane++;
                Transmit(host, decision.Frame, messageType: null);
                return;
            default:
                DeliverUp(host, decision.Frame);
                return;
        }
    }

    private void DeliverUp(Host host, byte[] frame)
    {
        if (!UdpFrame.TryParse(frame, out var frameInfo, out var error))
        {
            Counters.Undecodable++;
            Record($"undecodable frame at {host.Info}: {error}");
            return;
        }
        if (_path.Receive(host, frameInfo.Source, frame.AsSpan(frameInfo.PayloadOffset, frameInfo.PayloadLength), Now) is not { } result)
            return;
        if (!result.IsSuccess)
        {
            Counters.Undecodable++;
            Record($"undecodable at {host.Info}: {result}");
            return;
        }
        Counters.MessagesDelivered++;
        Record($"deliver {frameInfo.Source}->{host.Info.Address} {result.Message!.Descriptor.FullName} {result.Info}");
        host.Receiver.Receive(frameInfo.Source, result.Message!, result.Info);
    }

    private void Record(string line) => _trace?.Add($"{Now.Ticks} {line}");

    private Host Lookup(ITransportReceiver receiver) =>
        _hostsByReceiver.TryGetValue(receiver, out var host)
            ? host
            : throw new ArgumentException("the sender is not registered with this network; call Register first", nameof(receiver));

    private SimulatedHost NewClientHost()
    {
        EndpointAddress address;
        do
        {
            address = new EndpointAddress(ClientAddressBase + (uint)++_clientCount, ClientPort);
        } while (_replicaHosts.Any(r => r.Address == address));
        return new SimulatedHost(null, address, SynthesizedMac(1, _clientCount));
    }

    private static byte[] SynthesizedMac(byte kind, int number) =>
        [0x02, 0x00, 0x00, kind, (byte)(number >> 8), (byte)number];

    private static byte[]? CheckMac(byte[]? mac, int replica) =>
        mac is null || mac.Length == UdpFrame.MacLength
            ? mac
            : throw new ArgumentException($"replica {replica} has a MAC of {mac.Length} bytes; a MAC has {UdpFrame.MacLength}");

    private sealed class Host(SimulatedHost info, ITransportReceiver receiver)
        : DatagramEndpoint(receiver, info.ReplicaIndex, ReassemblyLimits.Default)
    {
        public SimulatedHost Info { get; } = info;
    }
}
