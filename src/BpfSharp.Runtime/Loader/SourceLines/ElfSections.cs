using System.Buffers.Binary;
using System.Text;

namespace BpfSharp.Loader.SourceLines;

/// <summary>
/// The sections and function symbols of a 64-bit little-endian ELF object (what clang writes for BPF), read without
/// libelf: only what mapping a program's instructions to BTF line info needs.
/// </summary>
internal sealed class ElfSections
{
    private const int SectionHeaderSize = 64;
    private const int SymbolSize = 24;
    private const uint SymbolTableType = 2;
    private const byte FunctionSymbolType = 2;

    private readonly byte[] _image;
    private readonly List<(string Name, long Offset, long Size)> _sections;
    private readonly List<ElfFunction> _functions;

    private ElfSections(byte[] image, List<(string Name, long Offset, long Size)> sections, List<ElfFunction> functions)
    {
        _image = image;
        _sections = sections;
        _functions = functions;
    }

    /// <summary>The object's sections and functions, or null when <paramref name="image"/> is not a 64-bit little-endian ELF file.</summary>
    public static ElfSections? Read(byte[] image)
    {
        try
        {
            return Parse(image);
        }
        catch (Exception e) when (e is ArgumentOutOfRangeException or ArgumentException or OverflowException)
        {
            return null; // a truncated or inconsistent header: the object names no source lines
        }
    }

    /// <summary>The bytes of the section named <paramref name="name"/>, empty when there is none.</summary>
    public ReadOnlySpan<byte> Section(string name)
    {
        foreach (var section in _sections)
            if (section.Name == name)
                return _image.AsSpan(checked((int)section.Offset), checked((int)section.Size));
        return [];
    }

    /// <summary>The function symbol named <paramref name="name"/> outside <c>.text</c> (a program's entry), or any function of that name.</summary>
    public ElfFunction? Function(string name) =>
        _functions.FirstOrDefault(f => f.Name == name && f.Section != ".text")
        ?? _functions.FirstOrDefault(f => f.Name == name);

    private static ElfSections? Parse(byte[] image)
    {
        var span = image.AsSpan();
        if (span.Length < 64 || !span[..4].SequenceEqual("\u007fELF"u8) || span[4] != 2 || span[5] != 1)
            return null;
        long headerOffset = checked((long)BinaryPrimitives.ReadUInt64LittleEndian(span[40..]));
        int count = BinaryPrimitives.ReadUInt16LittleEndian(span[60..]);
        int namesIndex = BinaryPrimitives.ReadUInt16LittleEndian(span[62..]);
        var headers = new List<(uint Name, uint Type, long Offset, long Size, uint Link)>(count);
        for (int i = 0; i < count; i++)
        {
            var header = span.Slice(checked((int)(headerOffset + (long)i * SectionHeaderSize)), SectionHeaderSize);
            headers.Add((BinaryPrimitives.ReadUInt32LittleEndian(header), BinaryPrimitives.ReadUInt32LittleEndian(header[4..]),
                checked((long)BinaryPrimitives.ReadUInt64LittleEndian(header[24..])), checked((long)BinaryPrimitives.ReadUInt64LittleEndian(header[32..])),
                BinaryPrimitives.ReadUInt32LittleEndian(header[40..])));
        }
        if (namesIndex >= count)
            return null;
        var sectionNames = Bytes(span, headers[namesIndex].Offset, headers[namesIndex].Size);
        var sections = new List<(string Name, long Offset, long Size)>(count);
        foreach (var header in headers)
            sections.Add((StringAt(sectionNames, header.Name), header.Offset, header.Size));
        var functions = new List<ElfFunction>();
        foreach (var table in headers.Where(h => h.Type == SymbolTableType && h.Link < count))
        {
            var symbols = Bytes(span, table.Offset, table.Size);
            var names = Bytes(span, headers[(int)table.Link].Offset, headers[(int)table.Link].Size);
            for (int at = 0; at + SymbolSize <= symbols.Length; at += SymbolSize)
            {
                var symbol = symbols.Slice(at, SymbolSize);
                int sectionIndex = BinaryPrimitives.ReadUInt16LittleEndian(symbol[6..]);
                if ((symbol[4] & 0xf) != FunctionSymbolType || sectionIndex == 0 || sectionIndex >= count)
                    continue;
                functions.Add(new ElfFunction(StringAt(names, BinaryPrimitives.ReadUInt32LittleEndian(symbol)), sections[sectionIndex].Item1,
                    checked((long)BinaryPrimitives.ReadUInt64LittleEndian(symbol[8..])), checked((long)BinaryPrimitives.ReadUInt64LittleEndian(symbol[16..]))));
            }
        }
        return new ElfSections(image, sections, functions);
    }

    private static ReadOnlySpan<byte> Bytes(ReadOnlySpan<byte> image, long offset, long size) =>
        image.Slice(checked((int)offset), checked((int)size));

    /// <summary>The NUL-terminated string at <paramref name="offset"/> of a string table.</summary>
    internal static string StringAt(ReadOnlySpan<byte> table, uint offset)
    {
        if (offset >= table.Length)
            return "";
        var rest = table[(int)offset..];
        int end = rest.IndexOf((byte)0);
        return Encoding.UTF8.GetString(end < 0 ? rest : rest[..end]);
    }
}

/// <summary>A function symbol: its name, the section holding it, and its byte offset and size in that section.</summary>
internal sealed record ElfFunction(string Name, string Section, long Offset, long Size);
