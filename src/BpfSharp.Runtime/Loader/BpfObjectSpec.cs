using BpfSharp.Loader.Interop;

namespace BpfSharp.Loader;

/// <summary>
/// What an ELF object declares, as libbpf read it when the object was opened: its programs, its maps (with any pin
/// path chosen so far) and its global variables. Nothing in it depends on the running kernel; what the kernel made of
/// the object is a <see cref="LoadedBpfObject"/>.
/// </summary>
/// <param name="Name">The object's name (which prefixes its data-section map names).</param>
/// <param name="Programs">The programs, in file order.</param>
/// <param name="Maps">The maps, including data-section maps, in file order.</param>
/// <param name="VariableNames">The global variables of the <c>.rodata</c>, <c>.data</c> and <c>.bss</c> sections.</param>
public sealed record BpfObjectSpec(
    string Name,
    IReadOnlyList<BpfProgramInfo> Programs,
    IReadOnlyList<BpfMapInfo> Maps,
    IReadOnlyCollection<string> VariableNames)
{
    /// <summary>Reads the spec of an opened libbpf object.</summary>
    internal static BpfObjectSpec Read(IntPtr obj, string name, IReadOnlyCollection<string> variableNames)
    {
        var programs = new List<BpfProgramInfo>();
        for (IntPtr prog = Libbpf.ObjectNextProgram(obj, IntPtr.Zero); prog != IntPtr.Zero; prog = Libbpf.ObjectNextProgram(obj, prog))
            programs.Add(ReadProgram(prog));
        var maps = new List<BpfMapInfo>();
        for (IntPtr map = Libbpf.ObjectNextMap(obj, IntPtr.Zero); map != IntPtr.Zero; map = Libbpf.ObjectNextMap(obj, map))
            maps.Add(ReadMap(map));
        return new BpfObjectSpec(name, programs, maps, variableNames);
    }

    /// <summary>How the object describes one program.</summary>
    internal static unsafe BpfProgramInfo ReadProgram(IntPtr prog) => new(
        NativeText.Read(Libbpf.ProgramName(prog)),
        NativeText.Read(Libbpf.ProgramSectionName(prog)),
        (BpfProgramType)Libbpf.ProgramType(prog),
        (int)Libbpf.ProgramInstructionCount(prog));

    /// <summary>How the object describes one map.</summary>
    internal static unsafe BpfMapInfo ReadMap(IntPtr map)
    {
        byte* pinPath = Libbpf.MapPinPath(map);
        return new BpfMapInfo(
            NativeText.Read(Libbpf.MapName(map)),
            (BpfMapType)Libbpf.MapType(map),
            (int)Libbpf.MapKeySize(map),
            (int)Libbpf.MapValueSize(map),
            (int)Libbpf.MapMaxEntries(map),
            Libbpf.MapFlags(map),
            Libbpf.MapIsInternal(map),
            pinPath == null ? null : NativeText.Read(pinPath));
    }
}
