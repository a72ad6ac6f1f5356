using System.Buffers.Binary;

namespace BpfSharp.Loader.SourceLines;

/// <summary>One <c>bpf_line_info</c> record of <c>.BTF.ext</c>: a section-relative byte offset and the source line from there on.</summary>
internal sealed record LineRecord(long ByteOffset, string File, int Line, string Code);

/// <summary>
/// The line information of an object's <c>.BTF.ext</c> (per ELF section, records sorted by instruction offset), with
/// the file names and source text from <c>.BTF</c>'s string table: what the kernel prints as "; code @ file:line".
/// </summary>
internal sealed class BtfLineInfo
{
    private const ushort Magic = 0xeB9F;
    private const int LineRecordSize = 16;

    private readonly Dictionary<string, LineRecord[]> _bySection;

    private BtfLineInfo(Dictionary<string, LineRecord[]> bySection) => _bySection = bySection;

    /// <summary>The line info of the object, or null when it has no <c>.BTF</c>/<c>.BTF.ext</c> or they are malformed.</summary>
    public static BtfLineInfo? Read(ElfSections elf)
    {
        try
        {
            return Parse(elf.Section(".BTF"), elf.Section(".BTF.ext"));
        }
        catch (Exception e) when (e is ArgumentOutOfRangeException or OverflowException)
        {
            return null; // a record or string beyond its section: the object names no source lines
        }
    }

    /// <summary>The records of <paramref name="section"/>, by increasing offset; empty when it has none.</summary>
    public IReadOnlyList<LineRecord> Section(string section) => _bySection.TryGetValue(section, out var records) ? records : [];

    /// <summary>Every record of every section.</summary>
    public IEnumerable<LineRecord> AllSections() => _bySection.Values.SelectMany(records => records);

    /// <summary>The record in effect at <paramref name="byteOffset"/> of <paramref name="section"/>: the last one at or before it.</summary>
    public LineRecord? At(string section, long byteOffset) =>
        Section(section).LastOrDefault(record => record.ByteOffset <= byteOffset);

    private static BtfLineInfo? Parse(ReadOnlySpan<byte> btf, ReadOnlySpan<byte> ext)
    {
        if (btf.Length < 24 || ext.Length < 24 || BinaryPrimitives.ReadUInt16LittleEndian(btf) != Magic
            || BinaryPrimitives.ReadUInt16LittleEndian(ext) != Magic)
            return null;
        int btfHeader = (int)BinaryPrimitives.ReadUInt32LittleEndian(btf[4..]);
        var strings = btf.Slice(btfHeader + (int)BinaryPrimitives.ReadUInt32LittleEndian(btf[16..]), (int)BinaryPrimitives.ReadUInt32LittleEndian(btf[20..]));
        int extHeader = (int)BinaryPrimitives.ReadUInt32LittleEndian(ext[4..]);
        var lines = ext.Slice(extHeader + (int)BinaryPrimitives.ReadUInt32LittleEndian(ext[16..]), (int)BinaryPrimitives.ReadUInt32LittleEndian(ext[20..]));
        var bySection = new Dictionary<string, LineRecord[]>();
        if (lines.Length < 4)
            return new BtfLineInfo(bySection);
        int recordSize = (int)BinaryPrimitives.ReadUInt32LittleEndian(lines);
        if (recordSize < LineRecordSize)
            return null;
        for (int at = 4; at + 8 <= lines.Length;)
        {
            string section = ElfSections.StringAt(strings, BinaryPrimitives.ReadUInt32LittleEndian(lines[at..]));
            int count = (int)BinaryPrimitives.ReadUInt32LittleEndian(lines[(at + 4)..]);
            at += 8;
            if (count < 0 || (long)count * recordSize > lines.Length - at)
                return null;
            var records = new LineRecord[count];
            for (int i = 0; i < count; i++, at += recordSize)
            {
                var record = lines.Slice(at, LineRecordSize);
                uint lineColumn = BinaryPrimitives.ReadUInt32LittleEndian(record[12..]);
                records[i] = new LineRecord(BinaryPrimitives.ReadUInt32LittleEndian(record),
                    ElfSections.StringAt(strings, BinaryPrimitives.ReadUInt32LittleEndian(record[4..])), (int)(lineColumn >> 10),
                    ElfSections.StringAt(strings, BinaryPrimitives.ReadUInt32LittleEndian(record[8..])));
            }
            bySection[section] = [.. records.OrderBy(r => r.ByteOffset)];
        }
        return new BtfLineInfo(bySection);
    }
}
