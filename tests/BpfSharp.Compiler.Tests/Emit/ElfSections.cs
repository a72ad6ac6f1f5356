using System.Buffers.Binary;
using System.Text;

namespace BpfSharp.Compiler.Tests.Emit;

/// <summary>A minimal ELF64 little-endian reader: the section names, sizes and bytes of an object, and its symbol names.</summary>
internal sealed class ElfSections
{
    private readonly byte[] _elf;
    private readonly List<(string Name, uint Type, int Offset, int Size, int Link)> _sections = [];

    public ElfSections(byte[] elf)
    {
        _elf = elf;
        Assert.True(elf.Length > 64 && elf[0] == 0x7f && elf[1] == 'E' && elf[2] == 'L' && elf[3] == 'F', "not an ELF file");
        Assert.Equal(2, elf[4]);
        Assert.Equal(1, elf[5]);
        Machine = BinaryPrimitives.ReadUInt16LittleEndian(elf.AsSpan(18));
        var sectionTable = (int)BinaryPrimitives.ReadUInt64LittleEndian(elf.AsSpan(40));
        var entrySize = BinaryPrimitives.ReadUInt16LittleEndian(elf.AsSpan(58));
        var count = BinaryPrimitives.ReadUInt16LittleEndian(elf.AsSpan(60));
        var namesIndex = BinaryPrimitives.ReadUInt16LittleEndian(elf.AsSpan(62));
        var raw = new List<(uint NameOffset, uint Type, int Offset, int Size, int Link)>();
        for (var i = 0; i < count; i++)
        {
            var header = elf.AsSpan(sectionTable + i * entrySize);
            raw.Add((BinaryPrimitives.ReadUInt32LittleEndian(header), BinaryPrimitives.ReadUInt32LittleEndian(header[4..]),
                (int)BinaryPrimitives.ReadUInt64LittleEndian(header[24..]), (int)BinaryPrimitives.ReadUInt64LittleEndian(header[32..]),
                (int)BinaryPrimitives.ReadUInt32LittleEndian(header[40..])));
        }
        var names = raw[namesIndex].Offset;
        foreach (var section in raw)
            _sections.Add((CString(names + (int)section.NameOffset), section.Type, section.Offset, section.Size, section.Link));
    }

    /// <summary><c>e_machine</c>: 247 is EM_BPF.</summary>
    public int Machine { get; }

    public IReadOnlyList<string> Names => _sections.Select(s => s.Name).ToList();

    public byte[] Contents(string name)
    {
        var section = _sections.Single(s => s.Name == name);
        return _elf.AsSpan(section.Offset, section.Size).ToArray();
    }

    public IReadOnlyList<string> SymbolNames()
    {
        const uint symbolTable = 2;
        var table = _sections.Single(s => s.Type == symbolTable);
        var strings = _sections[table.Link].Offset;
        var result = new List<string>();
        for (var entry = table.Offset; entry < table.Offset + table.Size; entry += 24)
            result.Add(CString(strings + (int)BinaryPrimitives.ReadUInt32LittleEndian(_elf.AsSpan(entry))));
        return result;
    }

    private string CString(int offset)
    {
        var end = Array.IndexOf(_elf, (byte)0, offset);
        return Encoding.UTF8.GetString(_elf, offset, end - offset);
    }
}
