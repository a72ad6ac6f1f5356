using System.Text;
using BpfSharp.Compiler.Llvm;
using BpfSharp.Compiler.Model;
using Microsoft.CodeAnalysis;

namespace BpfSharp.Compiler.CodeGen;

/// <summary>
/// Configuration fields and the licence. A <c>static readonly</c> field becomes a constant global in <c>.rodata</c> (as
/// C's <c>const volatile</c>): libbpf exposes it as a read-only map the loader may set before load, and the verifier
/// then treats it as a known constant. Other static fields become <c>.data</c>/<c>.bss</c> globals.
/// </summary>
internal static class GlobalLowering
{
    public static nint Emit(ModuleState m, GlobalVariable variable)
    {
        var field = variable.Field;
        if (!TypeLowering.IsInteger(field.Type) && !TypeLowering.IsBool(field.Type))
            throw new UnsupportedConstructException($"the static field {field.Name} of type {field.Type.ToDisplayString()} (configuration must be an integer, enum or bool)",
                field.Locations.FirstOrDefault());
        var type = m.Types.Memory(field.Type);
        var name = m.UniqueSymbol(ObjectSymbols.VariableSymbol(field));
        var global = m.Module.AddGlobal(type, name);
        var initial = variable.InitialValue switch
        {
            null => 0L,
            bool b => b ? 1L : 0L,
            char c => c,
            ulong u => unchecked((long)u),
            var v => Convert.ToInt64(v),
        };
        LlvmGlobal.SetInitializer(global, m.Types.ConstInt(type, initial));
        var alignment = (uint)m.Types.Layouts.AlignmentOf(field.Type);
        LlvmValue.SetAlignment(global, alignment);
        if (variable.ReadOnly)
        {
            LlvmGlobal.SetConstant(global);
            LlvmGlobal.SetSection(global, ".rodata");
        }
        LlvmGlobal.SetDebugInfo(m.Context, global, m.Debug.GlobalVariable(name, m.Debug.Type(field.Type), localToUnit: false, alignment * 8));
        return global;
    }

    public static void EmitLicense(ModuleState m, string license)
    {
        var bytes = Encoding.UTF8.GetBytes(license + "\0");
        var value = m.Context.ConstBytes(bytes);
        var global = m.Module.AddGlobal(LlvmValue.TypeOf(value), m.UniqueSymbol(ObjectSymbols.License));
        LlvmGlobal.SetInitializer(global, value);
        LlvmGlobal.SetSection(global, "license");
        LlvmValue.SetAlignment(global, 1);
    }
}
