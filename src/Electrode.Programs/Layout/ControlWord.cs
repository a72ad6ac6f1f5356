namespace Electrode.Programs.Layout;

/// <summary>
/// Packing of <see cref="ControlState.Word"/>: status, view and last op in one 64-bit word, so that a program reads all
/// three in one load and the fast-reply path advances the last op with one compare-and-exchange that fails if userspace
/// changed any of them meanwhile (and userspace's own exchange fails if the kernel advanced). Bits 0-31 hold the last op,
/// bits 32-61 the view (the fast header's 30 bits), bits 62-63 the <see cref="ControlStatus"/>. Used by the programs and
/// by userspace alike.
/// </summary>
public static class ControlWord
{
    /// <summary>Largest last op the word holds; the fast-reply path stops (falls back) there.</summary>
    public const ulong LastOpMask = 0xFFFF_FFFFul;

    /// <summary>Largest view the word holds: the fast header's 30-bit view.</summary>
    public const ulong ViewMask = 0x3FFF_FFFFul;

    /// <summary>Position of the view.</summary>
    public const int ViewShift = 32;

    /// <summary>Position of the status.</summary>
    public const int StatusShift = 62;

    /// <summary>The word for <paramref name="status"/>, <paramref name="view"/> and <paramref name="lastOp"/>, each cut to its bits.</summary>
    public static ulong Pack(ControlStatus status, ulong view, ulong lastOp) =>
        ((ulong)status << StatusShift) | ((view & ViewMask) << ViewShift) | (lastOp & LastOpMask);

    /// <summary>The status in <paramref name="word"/>.</summary>
    public static ControlStatus StatusOf(ulong word) => (ControlStatus)(uint)(word >> StatusShift);

    /// <summary>The view in <paramref name="word"/>.</summary>
    public static ulong ViewOf(ulong word) => (word >> ViewShift) & ViewMask;

    /// <summary>The last op in <paramref name="word"/>.</summary>
    public static ulong LastOpOf(ulong word) => word & LastOpMask;

    /// <summary><paramref name="word"/> with its last op replaced by <paramref name="lastOp"/>.</summary>
    public static ulong WithLastOp(ulong word, ulong lastOp) => (word & ~LastOpMask) | (lastOp & LastOpMask);
}
