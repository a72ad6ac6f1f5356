using Electrode.Programs.Layout;
using Electrode.Programs.Wire;

namespace Electrode.Vr.FastPath.ProgramMaps;

/// <summary>
/// Userspace's half of the protocol on <see cref="ControlState.Word"/> (the programs' half is in
/// <c>FastReply.HandOverAndReply</c>), over the control entry's memory as the programs see it (the mapped map, or the
/// in-process kernel's storage). It keeps the word as userspace knows it: the word it last wrote, advanced by every
/// handed-over record that continues it, as the program's winning exchange did. A publication exchanges that word for
/// the new one, so it fails exactly when the kernel acknowledged a Prepare whose record userspace has not read yet.
/// </summary>
/// <remarks>
/// Records arrive in the order of the exchanges that produced them: a program reserves its record after reading the
/// word and exchanges only the word it read, so the winner of the next exchange reserved after this one's.
/// </remarks>
public sealed unsafe class ControlWordExchange
{
    private readonly ControlState* entry;

    /// <summary>
    /// Starts from the word the entry holds now: what the kernel acknowledged before (for a previous incarnation of the
    /// replica, whose records recovery makes moot) is taken as known.
    /// </summary>
    public ControlWordExchange(ControlState* entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        this.entry = entry;
        Known = Volatile.Read(ref entry->Word);
    }

    /// <summary>The word as userspace knows it.</summary>
    public ulong Known { get; private set; }

    /// <summary>The word in the shared entry now.</summary>
    public ulong Current => Volatile.Read(ref entry->Word);

    /// <summary>
    /// Writes the configuration fields of <paramref name="state"/> and exchanges the known word for its word; false,
    /// with the word unchanged, when the kernel advanced it past what userspace knows.
    /// </summary>
    public bool TryPublish(in ControlState state)
    {
        // Configuration fields change only with the configuration and carry no hand-over: plain stores suffice.
        entry->CommitNumber = state.CommitNumber;
        entry->MyIndex = state.MyIndex;
        entry->ReplicaCount = state.ReplicaCount;
        entry->QuorumSize = state.QuorumSize;
        entry->EnabledPaths = state.EnabledPaths;
        entry->WakeupBacklog = state.WakeupBacklog;
        if (Interlocked.CompareExchange(ref entry->Word, state.Word, Known) != Known)
            return false;
        Known = state.Word;
        return true;
    }

    /// <summary>
    /// Takes note of a handed-over Prepare's fast header: when it continues the known word (normal status, its view,
    /// its batch right after the last op), the known word advances to its last op as the kernel's exchange did. A record
    /// the kernel handed over before the known word was written does not continue it and changes nothing.
    /// </summary>
    public void Observe(FastHeader prepare)
    {
        if (ControlWord.StatusOf(Known) != ControlStatus.Normal
            || (prepare.ViewAndFlags & FastHeader.ViewMask) != ControlWord.ViewOf(Known)
            || prepare.StartOrReplica != ControlWord.LastOpOf(Known) + 1
            || prepare.Op < prepare.StartOrReplica)
            return;
        Known = ControlWord.WithLastOp(Known, prepare.Op);
    }

    /// <summary>
    /// True when the known word has caught up with <paramref name="target"/>, a word read from the entry: equal, or the
    /// same status and view with a last op at least as far (the kernel went on meanwhile).
    /// </summary>
    /// <exception cref="FastPathStalledException">The target differs in status or view: someone else wrote the word.</exception>
    public bool HasReached(ulong target)
    {
        if (Known == target)
            return true;
        const ulong upperBits = ~ControlWord.LastOpMask;
        if ((Known & upperBits) != (target & upperBits))
            throw new FastPathStalledException(
                $"the kernel's control word 0x{target:x16} differs in status or view from the one this replica wrote "
                + $"(0x{Known:x16}): another process writes the control map, or the programs do not follow its protocol");
        return ControlWord.LastOpOf(Known) >= ControlWord.LastOpOf(target);
    }
}
