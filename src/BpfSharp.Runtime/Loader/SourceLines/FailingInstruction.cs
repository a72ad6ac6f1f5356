using System.Text.RegularExpressions;

namespace BpfSharp.Loader.SourceLines;

/// <summary>
/// The source line of the instruction a verifier log ends on, for kernels whose verifier prints "; code" without
/// " @ file:line" (before Linux 6.9): the last "N: (op) ..." line of the log is the instruction the verifier gave up on,
/// and the object's BTF line info says which file and line instruction N of the program came from.
/// </summary>
internal static partial class FailingInstruction
{
    /// <summary>
    /// "file:line: code" for the last instruction of <paramref name="verifierLog"/>, found in the line info of the
    /// object <paramref name="elfImage"/> for <paramref name="programName"/>; null when the log names no instruction or
    /// the object has no line info for it.
    /// </summary>
    public static string? SourceLine(byte[] elfImage, string programName, string verifierLog) =>
        LastInstruction(verifierLog) is { } failing ? SourceLine(elfImage, programName, failing.Index, failing.Annotation) : null;

    /// <summary>
    /// "file:line: code" for instruction <paramref name="index"/> of <paramref name="programName"/> (numbered as the
    /// verifier numbers them) from the line info of the object <paramref name="elfImage"/>; <paramref name="annotation"/>,
    /// the "; code" text the verifier printed for it if any, must agree. Null when the object cannot say.
    /// </summary>
    public static string? SourceLine(byte[] elfImage, string programName, int index, string? annotation)
    {
        if (index < 0
            || ElfSections.Read(elfImage) is not { } elf
            || elf.Function(programName) is not { } program
            || BtfLineInfo.Read(elf) is not { } lineInfo)
            return null;
        var record = RecordOf(lineInfo, program, index, annotation);
        return record is null ? null : $"{Path.GetFileName(record.File)}:{record.Line}: {record.Code.Trim()}";
    }

    /// <summary>
    /// The line record of instruction <paramref name="index"/>. Within the program's own instructions it is the one
    /// in effect at that offset of the program's section; beyond them (a subprogram libbpf appended) it is the record
    /// whose text is the log's last "; code" annotation, when that names one file and line.
    /// </summary>
    private static LineRecord? RecordOf(BtfLineInfo lineInfo, ElfFunction program, int index, string? annotation)
    {
        const int instructionSize = 8;
        long offset = (long)index * instructionSize;
        if (offset < program.Size && lineInfo.At(program.Section, program.Offset + offset) is { } record
            && record.ByteOffset >= program.Offset && (annotation is null || record.Code.Trim() == annotation))
            return record;
        if (annotation is null)
            return null;
        var matches = lineInfo.AllSections().Where(r => r.Code.Trim() == annotation).DistinctBy(r => (r.File, r.Line)).Take(2).ToList();
        return matches.Count == 1 ? matches[0] : null;
    }

    /// <summary>The index of the log's last instruction line and the last "; code" annotation before it, if any.</summary>
    private static (int Index, string? Annotation)? LastInstruction(string verifierLog)
    {
        (int Index, string? Annotation)? last = null;
        string? annotation = null;
        foreach (var line in verifierLog.Split('\n'))
        {
            if (line.StartsWith("; ", StringComparison.Ordinal))
                annotation = line[2..].Trim();
            else if (InstructionLine().Match(line) is { Success: true } match && int.TryParse(match.Groups[1].ValueSpan, out int index))
                last = (index, annotation);
        }
        return last;
    }

    /// <summary>An instruction as the verifier prints it: "12: (71) r1 = *(u8 *)(r2 +0)".</summary>
    [GeneratedRegex(@"^(\d+): \([0-9a-f]{2}\) ")]
    private static partial Regex InstructionLine();
}
