using BpfSharp.Compiler.Llvm;
using Microsoft.CodeAnalysis.Operations;

namespace BpfSharp.Compiler.CodeGen;

/// <summary><c>u8</c> literals: their bytes in <c>.rodata</c> and the span over them.</summary>
internal sealed partial class FunctionLowering
{
    /// <summary>
    /// A <c>u8</c> literal: its bytes as a private constant in <c>.rodata</c> (read-only map data the verifier bounds
    /// every access to), one global per distinct literal.
    /// </summary>
    private nint ByteString(string text)
    {
        var bytes = System.Text.Encoding.UTF8.GetBytes(text);
        if (!_m.ByteStrings.TryGetValue(text, out var global))
        {
            var initializer = _m.Context.ConstBytes(bytes);
            global = _m.Module.AddGlobal(LlvmValue.TypeOf(initializer), _m.UniqueSymbol(".str.u8"));
            LlvmGlobal.SetInitializer(global, initializer);
            LlvmGlobal.SetConstant(global);
            LlvmGlobal.SetLinkage(global, LlvmLinkage.Private);
            LlvmGlobal.SetSection(global, ".rodata");
            LlvmValue.SetAlignment(global, 1);
            _m.ByteStrings[text] = global;
        }
        return _m.Context.ConstStruct([global, _t.ConstI32(bytes.Length)]);
    }

    /// <summary><c>span[i]</c> of a <c>u8</c> literal: a byte load; the verifier bounds the index against the literal.</summary>
    private nint ByteSpanElement(IPropertyReferenceOperation property)
    {
        var span = EmitValue(property.Instance!);
        var index = property.Arguments.Single().Value;
        var offset = Resize(EmitValue(index), index.Type!, _t.I64);
        var load = _b.Load(_t.I8, _b.Gep(_t.I8, _b.ExtractValue(span, 0), offset));
        LlvmValue.SetAlignment(load, 1);
        return load;
    }
}
