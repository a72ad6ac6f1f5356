using BpfSharp.Compiler.Diagnostics;
using BpfSharp.Compiler.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace BpfSharp.Compiler.FrontEnd;

/// <summary>Reads the initial values of the configuration fields programs read (BPF0105 when not a constant).</summary>
internal static class GlobalDiscovery
{
    public static List<GlobalVariable> Read(IEnumerable<IFieldSymbol> fields, Compilation compilation, List<Diagnostic> diagnostics)
    {
        var globals = new List<GlobalVariable>();
        foreach (var field in fields)
        {
            var declarator = field.DeclaringSyntaxReferences.Select(r => r.GetSyntax()).OfType<VariableDeclaratorSyntax>().FirstOrDefault();
            object? initial = null;
            if (declarator?.Initializer is { } initializer)
            {
                var model = compilation.GetSemanticModel(declarator.SyntaxTree);
                var constant = model.GetOperation(initializer.Value) is { } value
                    ? ConvertedConstant(value, field.Type)
                    : default;
                if (!constant.HasValue)
                {
                    diagnostics.Add(Diagnostic.Create(BpfDiagnostics.GlobalInitializer, initializer.Value.GetLocation(), field.Name));
                    continue;
                }

                initial = constant.Value;
            }

            globals.Add(new GlobalVariable(field, initial, ReadOnly: true));
        }

        return globals;
    }

    /// <summary>The constant as the field stores it: an enum's underlying integer, otherwise the primitive itself.</summary>
    private static Optional<object?> ConvertedConstant(IOperation value, ITypeSymbol fieldType)
    {
        var constant = value.ConstantValue;
        if (!constant.HasValue) return default;
        var storage = fieldType is INamedTypeSymbol { EnumUnderlyingType: { } underlying } ? underlying : fieldType;
        return storage.SpecialType switch
        {
            SpecialType.System_Boolean => constant.Value is bool b ? b : default(Optional<object?>),
            SpecialType.System_Char => constant.Value is char c ? c : default(Optional<object?>),
            SpecialType.System_SByte => Convert.ToSByte(constant.Value, null),
            SpecialType.System_Byte => Convert.ToByte(constant.Value, null),
            SpecialType.System_Int16 => Convert.ToInt16(constant.Value, null),
            SpecialType.System_UInt16 => Convert.ToUInt16(constant.Value, null),
            SpecialType.System_Int32 => Convert.ToInt32(constant.Value, null),
            SpecialType.System_UInt32 => Convert.ToUInt32(constant.Value, null),
            SpecialType.System_Int64 => Convert.ToInt64(constant.Value, null),
            SpecialType.System_UInt64 => Convert.ToUInt64(constant.Value, null),
            _ => default(Optional<object?>),
        };
    }
}
