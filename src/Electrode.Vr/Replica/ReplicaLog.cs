using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Electrode.Vr.Replica;

/// <summary>
/// A replica's log: operations numbered 1, 2, ... without holes. Which prefix is committed is the replica's
/// business; the log only keeps the entries in order.
/// </summary>
public sealed class ReplicaLog
{
    private readonly List<LogEntry> entries = [];

    /// <summary>Number of the last operation, 0 when empty.</summary>
    public ulong LastOpNumber => (ulong)entries.Count;

    /// <summary>Appends the entry that follows the last one.</summary>
    /// <exception cref="InvalidOperationException">The entry's number is not <see cref="LastOpNumber"/> + 1.</exception>
    public void Append(LogEntry entry)
    {
        if (entry.OpNumber != LastOpNumber + 1)
            throw new InvalidOperationException($"log holds ops 1..{LastOpNumber}; cannot append op {entry.OpNumber}");
        entries.Add(entry);
    }

    /// <summary>The entry numbered <paramref name="opNumber"/>, or null when the log does not hold it.</summary>
    public LogEntry? Find(ulong opNumber) =>
        opNumber >= 1 && opNumber <= LastOpNumber ? entries[(int)(opNumber - 1)] : null;

    /// <summary>Removes every entry numbered above <paramref name="opNumber"/>.</summary>
    public void TruncateAfter(ulong opNumber)
    {
        if (opNumber < LastOpNumber) entries.RemoveRange((int)opNumber, entries.Count - (int)opNumber);
    }

    /// <summary>
    /// A short digest of the requests in ops 1..<paramref name="through"/> (client id, request id and operation of
    /// each, in order; not the views that assigned them). Two replicas whose logs differ in that range show
    /// different digests, so a divergence is seen at a glance in their stop lines.
    /// </summary>
    public string Digest(ulong through)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        Span<byte> header = stackalloc byte[28];
        foreach (var entry in From(1))
        {
            if (entry.OpNumber > through) break;
            BinaryPrimitives.WriteUInt64LittleEndian(header, entry.OpNumber);
            BinaryPrimitives.WriteUInt64LittleEndian(header[8..], entry.Request.Clientid);
            BinaryPrimitives.WriteUInt64LittleEndian(header[16..], entry.Request.Clientreqid);
            BinaryPrimitives.WriteInt32LittleEndian(header[24..], entry.Request.Op.Length);
            hash.AppendData(header);
            hash.AppendData(entry.Request.Op.Span);
        }
        return Convert.ToHexStringLower(hash.GetHashAndReset().AsSpan(0, 8));
    }

    /// <summary>Entries numbered <paramref name="first"/> through the last one (none when first is past the end).</summary>
    public IEnumerable<LogEntry> From(ulong first)
    {
        for (var op = Math.Max(first, 1); op <= LastOpNumber; op++) yield return entries[(int)(op - 1)];
    }
}
