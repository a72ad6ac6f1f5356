using System.Buffers.Binary;
using Electrode.Programs.Wire;
using Electrode.Vr.Transport;

namespace Electrode.Vr.Wire;

/// <summary>
/// Rebuilds large messages from fragments that may arrive out of order, duplicated or not at all.
/// Memory is bounded by <see cref="ReassemblyLimits"/>: the oldest incomplete messages are dropped to make
/// room, and messages that stop receiving fragments are dropped when stale. Never throws on input bytes.
/// Not thread-safe: one reassembler belongs to one event loop.
/// </summary>
public sealed class FragmentReassembler
{
    private readonly ReassemblyLimits _limits;
    private readonly Dictionary<(EndpointAddress Sender, ulong MessageId), PartialMessage> _partials = new();
    private readonly List<(EndpointAddress, ulong)> _stale = new();

    /// <summary>Creates a reassembler with the given bounds.</summary>
    public FragmentReassembler(ReassemblyLimits? limits = null) => _limits = limits ?? ReassemblyLimits.Default;

    /// <summary>Incomplete messages currently held.</summary>
    public int PartialMessageCount => _partials.Count;

    /// <summary>Bytes currently held for incomplete messages.</summary>
    public long BufferedBytes { get; private set; }

    /// <summary>Incomplete messages dropped so far (evicted for room, stale, or inconsistent).</summary>
    public long DroppedMessages { get; private set; }

    /// <summary>Takes one fragment received from <paramref name="sender"/> at time <paramref name="now"/>.</summary>
    public ReassemblyResult Accept(EndpointAddress sender, ReadOnlySpan<byte> fragment, TimeSpan now)
    {
        DropStale(now);
        if (fragment.Length < DatagramLayout.FragmentHeaderSize)
            return ReassemblyResult.Rejected($"{fragment.Length} bytes cannot hold a fragment header");
        if (BinaryPrimitives.ReadUInt32LittleEndian(fragment) != WireConstants.FragmentMagic)
            return ReassemblyResult.Rejected("not a fragment");
        ulong messageId = BinaryPrimitives.ReadUInt64LittleEndian(fragment[4..]);
        ulong offset = BinaryPrimitives.ReadUInt64LittleEndian(fragment[12..]);
        ulong totalLength = BinaryPrimitives.ReadUInt64LittleEndian(fragment[20..]);
        var payload = fragment[DatagramLayout.FragmentHeaderSize..];

        if (totalLength == 0 || totalLength > (ulong)_limits.MaxMessageLength)
            return ReassemblyResult.Rejected($"announced length {totalLength} is outside 1..{_limits.MaxMessageLength}");
        if (payload.IsEmpty || offset >= totalLength || (ulong)payload.Length > totalLength - offset)
            return ReassemblyResult.Rejected($"{payload.Length} bytes at offset {offset} do not fit a {totalLength}-byte message");

        var key = (sender, messageId);
        if (_partials.TryGetValue(key, out var partial) && partial.ContentLength != (int)totalLength)
        {
            Drop(key, partial);
            return ReassemblyResult.Rejected($"message {messageId} announced {partial.ContentLength} bytes, now {totalLength}");
        }
        if (partial is null)
        {
            if (!MakeRoomFor((int)totalLength))
                return ReassemblyResult.Rejected($"a {totalLength}-byte message exceeds the {_limits.MaxBufferedBytes}-byte reassembly budget");
            partial = new PartialMessage((int)totalLength, now);
            _partials.Add(key, partial);
            BufferedBytes += partial.ContentLength;
        }

        if (++partial.FragmentCount > _limits.MaxFragmentsPerMessage)
        {
            Drop(key, partial);
            return ReassemblyResult.Rejected($"message {messageId} exceeded {_limits.MaxFragmentsPerMessage} fragments");
        }
        partial.Add((int)offset, payload, now);
        if (!partial.IsComplete)
            return ReassemblyResult.Incomplete;

        _partials.Remove(key);
        BufferedBytes -= partial.ContentLength;
        return new ReassemblyResult(ReassemblyStatus.Complete, partial.Datagram, null);
    }

    private void DropStale(TimeSpan now)
    {
        foreach (var (key, partial) in _partials)
        {
            if (now - partial.LastActivity >= _limits.StaleAfter)
                _stale.Add(key);
        }
        foreach (var key in _stale)
            Drop(key, _partials[key]);
        _stale.Clear();
    }

    private bool MakeRoomFor(int contentLength)
    {
        if (contentLength > _limits.MaxBufferedBytes)
            return false;
        while (_partials.Count > 0 &&
               (_partials.Count >= _limits.MaxPartialMessages || BufferedBytes + contentLength > _limits.MaxBufferedBytes))
        {
            var oldest = _partials.MinBy(p => p.Value.Started);
            Drop(oldest.Key, oldest.Value);
        }
        return _limits.MaxPartialMessages > 0;
    }

    private void Drop((EndpointAddress, ulong) key, PartialMessage partial)
    {
        _partials.Remove(key);
        BufferedBytes -= partial.ContentLength;
        DroppedMessages++;
    }

    /// <summary>One message being rebuilt: its bytes (after the magic) and the byte ranges received so far.</summary>
    private sealed class PartialMessage
    {
        private readonly List<(int Start, int End)> _received = new();

        public PartialMessage(int contentLength, TimeSpan now)
        {
            ContentLength = contentLength;
            Datagram = new byte[4 + contentLength];
            BinaryPrimitives.WriteUInt32LittleEndian(Datagram, WireConstants.Magic);
            Started = now;
            LastActivity = now;
        }

        public int ContentLength { get; }
        public byte[] Datagram { get; }
        public TimeSpan Started { get; }
        public TimeSpan LastActivity { get; private set; }
        public int FragmentCount { get; set; }

        public bool IsComplete => _received.Count == 1 && _received[0] == (0, ContentLength);

        public void Add(int offset, ReadOnlySpan<byte> payload, TimeSpan now)
        {
            payload.CopyTo(Datagram.AsSpan(4 + offset));
            LastActivity = now;
            InsertRange(offset, offset + payload.Length);
        }

        private void InsertRange(int start, int end)
        {
            int i = 0;
            while (i < _received.Count && _received[i].End < start)
                i++;
            while (i < _received.Count && _received[i].Start <= end)
            {
                start = Math.Min(start, _received[i].Start);
                end = Math.Max(end, _received[i].End);
                _received.RemoveAt(i);
            }
            _received.Insert(i, (start, end));
        }
    }
}
