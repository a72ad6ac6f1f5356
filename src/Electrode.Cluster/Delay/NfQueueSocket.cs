using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace Electrode.Cluster.Delay;

/// <summary>
/// A netlink socket bound to one NFQUEUE queue of the namespace it was opened in, speaking nfnetlink_queue directly:
/// it binds the queue (metadata only: the payload is never copied up, fail-open when the queue is full), receives the
/// ids of queued packets, and gives them their verdict. A queued packet waits in the kernel until its verdict comes,
/// in any order, which is what lets the delayer hold datagrams and reorder them.
/// </summary>
internal sealed class NfQueueSocket : IDisposable
{
    private const int AfNetlink = 16;
    private const int SockRaw = 3;
    private const int NetlinkNetfilter = 12;
    private const int SolSocket = 1;
    private const int SoRcvTimeo = 20;
    private const int SoRcvBufForce = 33;
    private const int SolNetlink = 270;
    private const int NetlinkNoEnobufs = 5;

    private const ushort NlmFRequest = 1;
    private const ushort NlmFAck = 4;
    private const ushort NlmsgError = 2;
    private const ushort QueueSubsystem = 3 << 8;
    private const ushort MsgPacket = QueueSubsystem | 0;
    private const ushort MsgVerdict = QueueSubsystem | 1;
    private const ushort MsgConfig = QueueSubsystem | 2;
    private const ushort CfgCmd = 1;
    private const ushort CfgParams = 2;
    private const ushort CfgQueueMaxLength = 3;
    private const ushort CfgFlags = 5;
    private const ushort CfgMask = 4;
    private const byte CmdBind = 1;
    private const byte CopyMeta = 1;
    private const uint FlagFailOpen = 1;
    private const ushort AttrPacketHeader = 1;
    private const ushort AttrVerdictHeader = 2;
    private const uint VerdictAccept = 1;
    private const int HeaderLength = 16;
    private const int GenericHeaderLength = 4;

    private readonly int fd;
    private readonly ushort queue;
    private readonly byte[] receiveBuffer = new byte[1 << 16];
    private uint sequence;

    private NfQueueSocket(int fd, ushort queue)
    {
        this.fd = fd;
        this.queue = queue;
    }

    /// <summary>Opens the socket in the calling thread's network namespace and binds <paramref name="queue"/>.</summary>
    /// <exception cref="ClusterException">The kernel refused (no nfnetlink_queue, queue taken, not root).</exception>
    public static NfQueueSocket Open(ushort queue)
    {
        int fd = socket(AfNetlink, SockRaw, NetlinkNetfilter);
        if (fd < 0)
            throw new ClusterException($"opening a netfilter netlink socket failed: {Marshal.GetLastPInvokeErrorMessage()} (run as root)");
        var opened = new NfQueueSocket(fd, queue);
        try
        {
            var address = new byte[12];
            BinaryPrimitives.WriteUInt16LittleEndian(address, AfNetlink);
            if (bind(fd, address, address.Length) != 0)
                throw new ClusterException($"binding the netlink socket failed: {Marshal.GetLastPInvokeErrorMessage()}");
            opened.SetOption(SolSocket, SoRcvBufForce, 8 << 20);
            // A full receive buffer must not turn into an error on every later read: the packets stay queued (fail-open).
            opened.SetOption(SolNetlink, NetlinkNoEnobufs, 1);
            var timeout = new byte[16];
            BinaryPrimitives.WriteInt64LittleEndian(timeout.AsSpan(8), 200_000);
            setsockopt(fd, SolSocket, SoRcvTimeo, timeout, timeout.Length);

            var bindCommand = new byte[4];
            bindCommand[0] = CmdBind;
            BinaryPrimitives.WriteUInt16BigEndian(bindCommand.AsSpan(2), 2);
            opened.Request(MsgConfig, [(CfgCmd, bindCommand)]);
            var parameters = new byte[5];
            parameters[4] = CopyMeta;
            opened.Request(MsgConfig,
            [
                (CfgParams, parameters),
                (CfgQueueMaxLength, BigEndian(16_384)),
                (CfgFlags, BigEndian(FlagFailOpen)),
                (CfgMask, BigEndian(FlagFailOpen)),
            ]);
            return opened;
        }
        catch
        {
            opened.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Reads the next batch of queued packets' ids into <paramref name="ids"/>; returns false when nothing came within the
    /// socket's 200 ms receive timeout.
    /// </summary>
    public bool Receive(List<uint> ids)
    {
        nint received = recv(fd, receiveBuffer, receiveBuffer.Length, 0);
        if (received <= 0)
            return false;
        var data = receiveBuffer.AsSpan(0, (int)received);
        while (data.Length >= HeaderLength)
        {
            int length = (int)BinaryPrimitives.ReadUInt32LittleEndian(data);
            ushort type = BinaryPrimitives.ReadUInt16LittleEndian(data[4..]);
            if (length < HeaderLength || length > data.Length)
                break;
            if (type == MsgPacket && FindAttribute(data[(HeaderLength + GenericHeaderLength)..length], AttrPacketHeader) is { Length: >= 4 } header)
                ids.Add(BinaryPrimitives.ReadUInt32BigEndian(header));
            data = data[Math.Min(data.Length, Align(length))..];
        }
        return true;
    }

    /// <summary>Lets packet <paramref name="id"/> go on its way.</summary>
    public void Accept(uint id)
    {
        var verdict = new byte[8];
        BinaryPrimitives.WriteUInt32BigEndian(verdict, VerdictAccept);
        BinaryPrimitives.WriteUInt32BigEndian(verdict.AsSpan(4), id);
        Send(Build(MsgVerdict, NlmFRequest, [(AttrVerdictHeader, verdict)]));
    }

    /// <summary>Closes the socket, which unbinds the queue.</summary>
    public void Dispose() => close(fd);

    private void Request(ushort type, (ushort Type, byte[] Value)[] attributes)
    {
        var message = Build(type, NlmFRequest | NlmFAck, attributes);
        Send(message);
        uint expected = BinaryPrimitives.ReadUInt32LittleEndian(message.AsSpan(8));
        for (int attempt = 0; attempt < 10; attempt++)
        {
            nint received = recv(fd, receiveBuffer, receiveBuffer.Length, 0);
            if (received < HeaderLength + 4)
                continue;
            ushort answerType = BinaryPrimitives.ReadUInt16LittleEndian(receiveBuffer.AsSpan(4));
            uint answerSequence = BinaryPrimitives.ReadUInt32LittleEndian(receiveBuffer.AsSpan(8));
            if (answerType != NlmsgError || answerSequence != expected)
                continue;
            int error = BinaryPrimitives.ReadInt32LittleEndian(receiveBuffer.AsSpan(HeaderLength));
            if (error != 0)
                throw new ClusterException($"configuring NFQUEUE {queue} failed: {Marshal.GetPInvokeErrorMessage(-error)} (is the queue bound by another process?)");
            return;
        }
        throw new ClusterException($"configuring NFQUEUE {queue}: the kernel did not answer");
    }

    private byte[] Build(ushort type, ushort flags, (ushort Type, byte[] Value)[] attributes)
    {
        int length = HeaderLength + GenericHeaderLength + attributes.Sum(a => Align(4 + a.Value.Length));
        var message = new byte[length];
        BinaryPrimitives.WriteUInt32LittleEndian(message, (uint)length);
        BinaryPrimitives.WriteUInt16LittleEndian(message.AsSpan(4), type);
        BinaryPrimitives.WriteUInt16LittleEndian(message.AsSpan(6), flags);
        BinaryPrimitives.WriteUInt32LittleEndian(message.AsSpan(8), ++sequence);
        // nfgenmsg: family AF_UNSPEC, version 0, the queue number in network order.
        BinaryPrimitives.WriteUInt16BigEndian(message.AsSpan(HeaderLength + 2), queue);
        int offset = HeaderLength + GenericHeaderLength;
        foreach (var (attributeType, value) in attributes)
        {
            BinaryPrimitives.WriteUInt16LittleEndian(message.AsSpan(offset), (ushort)(4 + value.Length));
            BinaryPrimitives.WriteUInt16LittleEndian(message.AsSpan(offset + 2), attributeType);
            value.CopyTo(message, offset + 4);
            offset += Align(4 + value.Length);
        }
        return message;
    }

    private void Send(byte[] message)
    {
        if (send(fd, message, message.Length, 0) != message.Length)
            throw new ClusterException($"sending to NFQUEUE {queue} failed: {Marshal.GetLastPInvokeErrorMessage()}");
    }

    private void SetOption(int level, int name, int value)
    {
        var bytes = new byte[4];
        BinaryPrimitives.WriteInt32LittleEndian(bytes, value);
        if (setsockopt(fd, level, name, bytes, bytes.Length) != 0)
            throw new ClusterException($"setsockopt({level}, {name}) on the netlink socket failed: {Marshal.GetLastPInvokeErrorMessage()}");
    }

    private static ReadOnlySpan<byte> FindAttribute(ReadOnlySpan<byte> attributes, ushort wanted)
    {
        while (attributes.Length >= 4)
        {
            int length = BinaryPrimitives.ReadUInt16LittleEndian(attributes);
            int type = BinaryPrimitives.ReadUInt16LittleEndian(attributes[2..]) & 0x3fff;
            if (length < 4 || length > attributes.Length)
                break;
            if (type == wanted)
                return attributes[4..length];
            attributes = attributes[Math.Min(attributes.Length, Align(length))..];
        }
        return [];
    }

    private static byte[] BigEndian(uint value)
    {
        var bytes = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(bytes, value);
        return bytes;
    }

    private static int Align(int length) => (length + 3) & ~3;

    [DllImport("libc", SetLastError = true)]
    private static extern int socket(int domain, int type, int protocol);

    [DllImport("libc", SetLastError = true)]
    private static extern int bind(int fd, byte[] address, int length);

    [DllImport("libc", SetLastError = true)]
    private static extern int setsockopt(int fd, int level, int name, byte[] value, int length);

    [DllImport("libc", SetLastError = true)]
    private static extern nint send(int fd, byte[] buffer, nint length, int flags);

    [DllImport("libc", SetLastError = true)]
    private static extern nint recv(int fd, byte[] buffer, nint length, int flags);

    [DllImport("libc", SetLastError = true)]
    private static extern int close(int fd);
}
