using System.Buffers;
using System.Buffers.Binary;
using Electrode.Programs.Wire;
using Electrode.Vr.Wire;
using Google.Protobuf;

namespace Electrode.Vr.Transport.Datagrams;

/// <summary>
/// The way a message travels as datagrams, the same for every transport: encoded once in the Electrode framing,
/// split into fragments when large, sent to one replica with the broadcast bit or to each, and on arrival reassembled
/// and decoded. Only the <see cref="IDatagramWire"/> underneath differs, so the simulated network runs the code that
/// runs on sockets.
/// </summary>
internal sealed class DatagramPath(ClusterConfiguration configuration, ReassemblyLimits limits, IDatagramWire wire)
{
    /// <summary>Bounds of the reassembly of every endpoint on this path.</summary>
    public ReassemblyLimits Limits { get; } = limits;

    /// <summary>Sends <paramref name="message"/> to <paramref name="to"/>.</summary>
    /// <returns>False when it is too large or the wire refused a datagram of it.</returns>
    public bool Send(DatagramEndpoint from, EndpointAddress to, IMessage message)
    {
        using var datagram = new EncodedDatagram(message, message.CalculateSize());
        return SendEncoded(from, to, datagram.Bytes, message);
    }

    /// <summary>
    /// Sends <paramref name="message"/> to every replica but the sender. With <paramref name="kernelBroadcast"/>, a
    /// replica sends what the egress program expands (<see cref="KernelBroadcast"/>) once, with the broadcast bit, to
    /// the next replica; everything else is encoded once and sent to each.
    /// </summary>
    public bool SendToAllReplicas(DatagramEndpoint from, IMessage message, bool kernelBroadcast)
    {
        int n = configuration.Count;
        int bodyLength = message.CalculateSize();
        if (kernelBroadcast && from.ReplicaIndex is int self && n > 1
            && KernelBroadcast.Expands(message, MessageEncoder.GetEncodedLength(message, bodyLength)))
        {
            using var broadcast = new EncodedDatagram(message, bodyLength, FastHeader.Broadcast);
            return SendEncoded(from, configuration.Replicas[(self + 1) % n].Address, broadcast.Bytes, message);
        }

        // Encoded once for every destination: only the address differs.
        using var datagram = new EncodedDatagram(message, bodyLength);
        bool allSent = true;
        for (int i = 0; i < n; i++)
        {
            if (i != from.ReplicaIndex)
                allSent &= SendEncoded(from, configuration.Replicas[i].Address, datagram.Bytes, message);
        }
        return allSent;
    }

    /// <summary>
    /// Takes one datagram that reached <paramref name="at"/> from <paramref name="from"/> at <paramref name="now"/>.
    /// </summary>
    /// <returns>
    /// The decoded message, or why there is none (a rejected fragment or an undecodable datagram); null while the
    /// fragments of a large message are still missing.
    /// </returns>
    public DecodeResult? Receive(DatagramEndpoint at, EndpointAddress from, ReadOnlySpan<byte> datagram, TimeSpan now)
    {
        if (datagram.Length < 4 || BinaryPrimitives.ReadUInt32LittleEndian(datagram) != WireConstants.FragmentMagic)
            return MessageDecoder.TryDecode(datagram);
        var reassembly = at.Reassembler.Accept(from, datagram, now);
        return reassembly.Status switch
        {
            ReassemblyStatus.Incomplete => null,
            ReassemblyStatus.Rejected => DecodeResult.Failure(DecodeError.FragmentRejected, reassembly.Detail!),
            _ => MessageDecoder.TryDecode(reassembly.Datagram!),
        };
    }

    private bool SendEncoded(DatagramEndpoint from, EndpointAddress to, ReadOnlySpan<byte> datagram, IMessage message)
    {
        string type = message.Descriptor.FullName;
        if (!DatagramFragmenter.NeedsFragmentation(datagram.Length))
            return wire.Transmit(from, to, datagram, type);
        if (datagram.Length - 4 > Limits.MaxMessageLength)
        {
            wire.OnMessageTooLarge(from, type);
            return false;
        }
        ulong messageId = from.NextFragmentMessageId();
        var fragment = ArrayPool<byte>.Shared.Rent(DatagramFragmenter.MaxFragmentSize());
        try
        {
            int count = DatagramFragmenter.FragmentCount(datagram.Length);
            for (int i = 0; i < count; i++)
            {
                int length = DatagramFragmenter.WriteFragment(datagram, messageId, i, fragment);
                if (!wire.Transmit(from, to, fragment.AsSpan(0, length), type))
                    return false;
            }
            return true;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(fragment);
        }
    }
}
