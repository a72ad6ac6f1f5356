using BpfSharp.Compiler.Llvm;
using BpfSharp.Compiler.Model;

namespace BpfSharp.Compiler.CodeGen;

/// <summary>
/// Maps as libbpf's BTF-defined maps: a zeroed global in section <c>.maps</c> whose debug type is a struct of pointers,
/// as the <c>__uint(name, n)</c> (pointer to <c>int[n]</c>) and <c>__type(name, T)</c> (pointer to T) macros produce.
/// </summary>
internal static class MapLowering
{
    private const int PointerBits = 64;

    public static nint Emit(ModuleState m, MapDefinition map)
    {
        var debug = m.Debug;
        var members = new List<(string Name, nint Type)>
        {
            ("type", debug.PointerToIntArray((long)map.Kind)),
            ("max_entries", debug.PointerToIntArray(map.MaxEntries)),
        };
        switch (map.Kind)
        {
            case MapKind.RingBuffer:
                break;
            case MapKind.ProgramArray:
                members.Add(("key_size", debug.PointerToIntArray(sizeof(uint))));
                members.Add(("value_size", debug.PointerToIntArray(sizeof(uint))));
                break;
            default:
                members.Add(("key", debug.Pointer(map.KeyType ?? throw new UnsupportedConstructException($"map {map.Name} has no key type"))));
                members.Add(("value", debug.Pointer(map.ValueType ?? throw new UnsupportedConstructException($"map {map.Name} has no value type"))));
                break;
        }
        if (map.Flags != MapFlags.None) members.Add(("map_flags", debug.PointerToIntArray((long)map.Flags)));
        if (map.Pinning == MapPinning.ByName) members.Add(("pinning", debug.PointerToIntArray((long)map.Pinning)));

        var bits = (ulong)(members.Count * PointerBits);
        var placed = members.Select((member, i) => debug.Member(debug.CompileUnit, member.Name, (ulong)(i * PointerBits), member.Type, PointerBits, PointerBits)).ToArray();
        var structType = debug.AnonymousStruct(bits, PointerBits, placed);

        var llvmType = m.Context.StructType(Enumerable.Repeat(m.Types.Ptr, members.Count).ToArray());
        var name = m.UniqueSymbol(map.Name);
        var global = m.Module.AddGlobal(llvmType, name);
        LlvmGlobal.SetInitializer(global, LlvmValue.ConstNull(llvmType));
        LlvmGlobal.SetSection(global, ".maps");
        LlvmValue.SetAlignment(global, 8);
        LlvmGlobal.SetDebugInfo(m.Context, global, debug.GlobalVariable(name, structType, localToUnit: false, PointerBits));
        return global;
    }
}
