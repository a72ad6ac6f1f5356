using BpfSharp.Loader.Interop;

namespace BpfSharp.Loader;

/// <summary>A global variable of a data section: which map holds it, and where.</summary>
internal readonly record struct DataSectionVariable(string Name, IntPtr Map, string SectionName, int Offset, int Size)
{
    private static readonly string[] SectionPrefixes = [".rodata", ".data", ".bss"];

    /// <summary>
    /// Reads the variables of every data-section map of an opened object from the object's BTF: each
    /// section is a DATASEC whose entries give a VAR's type id, offset and size.
    /// </summary>
    internal static unsafe Dictionary<string, DataSectionVariable> ReadAll(IntPtr obj)
    {
        var variables = new Dictionary<string, DataSectionVariable>(StringComparer.Ordinal);
        IntPtr btf = Libbpf.ObjectBtf(obj);
        if (btf == IntPtr.Zero)
            return variables;
        for (IntPtr map = Libbpf.ObjectNextMap(obj, IntPtr.Zero); map != IntPtr.Zero; map = Libbpf.ObjectNextMap(obj, map))
        {
            if (!Libbpf.MapIsInternal(map) || SectionOf(NativeText.Read(Libbpf.MapName(map))) is not { } section)
                continue;
            int sectionId = Libbpf.BtfFindByNameKind(btf, section, BtfKind.DataSection);
            if (sectionId <= 0)
                continue;
            BtfType* sectionType = Libbpf.BtfTypeById(btf, (uint)sectionId);
            var entries = new ReadOnlySpan<BtfVarSecinfo>(sectionType + 1, sectionType->MemberCount);
            foreach (var entry in entries)
            {
                BtfType* variable = Libbpf.BtfTypeById(btf, entry.Type);
                if (variable == null || variable->Kind != BtfKind.Var)
                    continue;
                string name = NativeText.Read(Libbpf.BtfNameByOffset(btf, variable->NameOffset));
                variables[name] = new DataSectionVariable(name, map, section, (int)entry.Offset, (int)entry.Size);
            }
        }
        return variables;
    }

    /// <summary>
    /// libbpf names a data-section map "&lt;object prefix&gt;.rodata" (or the section name itself for
    /// ".rodata.custom" sections); the BTF DATASEC carries the section name.
    /// </summary>
    private static string? SectionOf(string mapName)
    {
        foreach (var prefix in SectionPrefixes)
        {
            int at = mapName.IndexOf(prefix, StringComparison.Ordinal);
            if (at >= 0)
                return mapName[at..];
        }
        return null;
    }
}
