using System.Buffers.Binary;
using System.Text;

namespace BpfSharp.Compiler.Tests.Differential;

/// <summary>The function symbols of a BPF object (ELF64, little-endian): what stayed a function after inlining.</summary>
internal static class ObjectFunctions
{
    private const uint SymbolTable = 2;
    private const int FunctionType = 2;

    public static IReadOnlyList<string> Of(byte[] elf)
    {
        var span = elf.AsSpan();
        long sectionHeaders = BinaryPrimitives.ReadInt64LittleEndian(span[0x28..]);
        int headerSize = BinaryPrimitives.ReadUInt16LittleEndian(span[0x3a..]);
        int count = BinaryPrimitives.ReadUInt16LittleEndian(span[0x3c..]);
        (long Offset, long Size, int Link, uint Type, long EntrySize) Section(int index)
        {
            var header = elf.AsSpan((int)(sectionHeaders + index * headerSize));
            return (BinaryPrimitives.ReadInt64LittleEndian(header[0x18..]), BinaryPrimitives.ReadInt64LittleEndian(header[0x20..]),
                (int)BinaryPrimitives.ReadUInt32LittleEndian(header[0x28..]), BinaryPrimitives.ReadUInt32LittleEndian(header[0x04..]),
                BinaryPrimitives.ReadInt64LittleEndian(header[0x38..]));
        }

        var names = new List<string>();
        for (int i = 0; i < count; i++)
        {
            var symbols = Section(i);
            if (symbols.Type != SymbolTable) continue;
            var strings = Section(symbols.Link);
            for (long at = symbols.Offset; at < symbols.Offset + symbols.Size; at += symbols.EntrySize)
            {
                var symbol = span[(int)at..];
                if ((symbol[4] & 0xf) != FunctionType) continue;
                int name = (int)(strings.Offset + BinaryPrimitives.ReadUInt32LittleEndian(symbol));
                int end = span[name..].IndexOf((byte)0);
                names.Add(Encoding.ASCII.GetString(span.Slice(name, end)));
            }
        }
        return names;
    }
}
