using System.Runtime.InteropServices;
using Electrode.Programs.Maps;

namespace Electrode.Programs.Layout;

/// <summary>
/// The replica's state as the kernel fast paths see it: one entry of <see cref="ElectrodeMaps.Control"/>, which userspace
/// maps into its memory. Status, view and last op share <see cref="Word"/> (see <see cref="ControlWord"/>): the fast-reply
/// path advances the last op with a compare-and-exchange on it, and userspace changes it with one too, so neither
/// overwrites a change of the other unseen. The other fields change only with the configuration.
/// </summary>
[StructLayout(LayoutKind.Sequential)]
public struct ControlState
{
    /// <summary>Status, view and last op, packed by <see cref="ControlWord"/>; programs read it once per packet.</summary>
    public ulong Word;

    /// <summary>Highest committed op.</summary>
    public ulong CommitNumber;

    /// <summary>This replica's index in <see cref="ElectrodeMaps.Replicas"/>.</summary>
    public uint MyIndex;

    /// <summary>Number of configured replicas, 1 to <see cref="ReplicaEntry.MaxReplicas"/>.</summary>
    public uint ReplicaCount;

    /// <summary>Votes, the leader's own included, that make a quorum (f + 1).</summary>
    public uint QuorumSize;

    /// <summary>Which fast paths may act; a disabled path passes everything up.</summary>
    public FastPaths EnabledPaths;

    /// <summary>
    /// Unread bytes in <see cref="ElectrodeMaps.Prepared"/> from which the fast reply wakes userspace; below it, records
    /// wait for userspace to poll. 0: the kernel's own choice, a wake-up for every record that finds userspace caught up.
    /// </summary>
    public uint WakeupBacklog;

    /// <summary>Userspace view of the status in <see cref="Word"/> (programs read the word once instead).</summary>
    public ControlStatus Status
    {
        readonly get => ControlWord.StatusOf(Word);
        set => Word = ControlWord.Pack(value, View, LastOp);
    }

    /// <summary>Userspace view of the view in <see cref="Word"/> (30 bits).</summary>
    public ulong View
    {
        readonly get => ControlWord.ViewOf(Word);
        set => Word = ControlWord.Pack(Status, value, LastOp);
    }

    /// <summary>Userspace view of the last op in <see cref="Word"/> (32 bits; advanced by the fast-reply path).</summary>
    public ulong LastOp
    {
        readonly get => ControlWord.LastOpOf(Word);
        set => Word = ControlWord.WithLastOp(Word, value);
    }
}
