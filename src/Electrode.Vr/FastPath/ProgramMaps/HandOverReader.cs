using System.Diagnostics;
using Electrode.Vr.Messages;

namespace Electrode.Vr.FastPath.ProgramMaps;

/// <summary>
/// Turns the records of the prepared ring buffer into Prepares for the replica, keeping the
/// <see cref="ControlWordExchange"/> abreast of them, and drains until the replica has every Prepare the kernel had
/// acknowledged when the drain began. Shared by the simulated and the kernel data planes, which differ only in how they
/// read the ring.
/// </summary>
/// <param name="exchange">The control word the records advance.</param>
/// <param name="stallBound">
/// How long to wait for a record the kernel acknowledged but has not submitted yet: the program submits right after its
/// exchange, so a record later than this never comes.
/// </param>
public sealed class HandOverReader(ControlWordExchange exchange, TimeSpan stallBound)
{
    /// <summary>Records that did not hold a decodable Prepare (never appended; each also counted by the kernel as answered).</summary>
    public long Undecodable { get; private set; }

    /// <summary>Takes note of one record and passes its Prepare to <paramref name="append"/>: 1 when passed, 0 when undecodable.</summary>
    public int Take(ReadOnlySpan<byte> record, Action<PrepareMessage> append)
    {
        if (PreparedRecords.TryReadFastHeader(record, out var header))
            exchange.Observe(header);
        if (PreparedRecords.Decode(record) is not { } prepare)
        {
            Undecodable++;
            return 0;
        }
        append(prepare);
        return 1;
    }

    /// <summary>
    /// Reads records with <paramref name="consumeAvailable"/> (which passes every ready record to <see cref="Take"/> and
    /// returns how many Prepares it passed) until the records have caught up with the control word as it was on entry.
    /// </summary>
    /// <exception cref="FastPathStalledException">The records did not catch up within the stall bound.</exception>
    public int Drain(Func<Action<PrepareMessage>, int> consumeAvailable, Action<PrepareMessage> append)
    {
        ulong target = exchange.Current;
        int passed = consumeAvailable(append);
        if (exchange.HasReached(target))
            return passed;
        long deadline = Stopwatch.GetTimestamp() + (long)(stallBound.TotalSeconds * Stopwatch.Frequency);
        var spin = new SpinWait();
        while (!exchange.HasReached(target))
        {
            if (Stopwatch.GetTimestamp() > deadline)
                throw new FastPathStalledException(
                    $"the kernel acknowledged Prepares up to op {target & Programs.Layout.ControlWord.LastOpMask} but handed over "
                    + $"records only up to op {exchange.Known & Programs.Layout.ControlWord.LastOpMask} within {stallBound.TotalMilliseconds} ms");
            spin.SpinOnce(sleep1Threshold: -1);
            passed += consumeAvailable(append);
        }
        return passed;
    }
}
