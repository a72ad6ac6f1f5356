using Electrode.Programs.Wire;
using Electrode.Vr.Messages;
using Electrode.Vr.Transport;
using Electrode.Vr.Wire;
using Google.Protobuf;

namespace Electrode.Programs.Tests.Support;

/// <summary>Frames built with the real wire codec (MessageEncoder, KernelPrepareOk, UdpFrame), addressed within a <see cref="TestCluster"/>.</summary>
public static class Packets
{
    public static PrepareMessage PrepareMessage(ulong view, ulong batchStart, ulong lastOp, int requestBytes = 24)
    {
        var message = new PrepareMessage { View = view, Opnum = lastOp, Batchstart = batchStart };
        for (ulong op = batchStart; op <= lastOp; op++)
            message.Request.Add(new Request
            {
                Op = ByteString.CopyFrom(Enumerable.Range(0, requestBytes).Select(i => (byte)(op + (ulong)i)).ToArray()),
                Clientid = 900 + op,
                Clientreqid = op,
            });
        return message;
    }

    public static byte[] Prepare(TestCluster cluster, int from, int to, ulong view, ulong batchStart, ulong lastOp,
        bool broadcast = false, int requestBytes = 24) =>
        Message(cluster, from, to, PrepareMessage(view, batchStart, lastOp, requestBytes), broadcast ? FastHeader.Broadcast : 0);

    public static byte[] PrepareOk(TestCluster cluster, int from, int to, ulong view, ulong op) =>
        Message(cluster, from, to, new PrepareOKMessage { View = view, Opnum = op, ReplicaIdx = (uint)from });

    public static byte[] KernelPrepareOk(TestCluster cluster, int from, int to, ulong view, ulong op) =>
        Frame(cluster, from, to, Electrode.Vr.Wire.KernelPrepareOk.EncodeToArray(view, op, (uint)from));

    public static byte[] Commit(TestCluster cluster, int from, int to, ulong view, ulong op, bool broadcast = false) =>
        Message(cluster, from, to, new CommitMessage { View = view, Opnum = op }, broadcast ? FastHeader.Broadcast : 0);

    public static byte[] Message(TestCluster cluster, int from, int to, IMessage message, uint flags = 0) =>
        Frame(cluster, from, to, MessageEncoder.EncodeToArray(message, flags));

    public static byte[] Frame(TestCluster cluster, int from, int to, byte[] datagram) =>
        UdpFrame.Build(cluster.Macs[from], cluster.Macs[to], cluster.Endpoints[from], cluster.Endpoints[to], datagram);

    /// <summary>A datagram from a client to replica <paramref name="to"/>.</summary>
    public static byte[] FromClient(TestCluster cluster, int to, byte[] datagram) =>
        UdpFrame.Build(TestCluster.ClientMac, cluster.Macs[to], TestCluster.Client, cluster.Endpoints[to], datagram);

    /// <summary>The datagram (UDP payload) of a frame, after checking its Ethernet/IPv4/UDP framing is valid.</summary>
    public static byte[] DatagramOf(byte[] frame)
    {
        Assert.True(UdpFrame.TryParse(frame, out var info, out string? error), error);
        return frame.AsSpan(info.PayloadOffset, info.PayloadLength).ToArray();
    }

    /// <summary>Decodes a frame's datagram with the real decoder, which must accept it.</summary>
    public static DecodeResult Decode(byte[] frame)
    {
        var result = MessageDecoder.TryDecode(DatagramOf(frame));
        Assert.True(result.IsSuccess, result.ToString());
        return result;
    }

    public static UdpFrameInfo Addresses(byte[] frame)
    {
        Assert.True(UdpFrame.TryParse(frame, out var info, out string? error), error);
        return info;
    }

    /// <summary>Offset in the frame of word 0 of the fast header of a datagram whose type name has <paramref name="nameLength"/> bytes.</summary>
    public static int FastHeaderOffset(int nameLength) => UdpFrame.HeaderSize + DatagramLayout.PrefixSize + nameLength;
}
