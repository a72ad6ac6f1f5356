using Microsoft.CodeAnalysis;

namespace BpfSharp.Compiler.Diagnostics;

/// <summary>Type names as a diagnostic shows them: C# spelling, without the nullable-reference annotation ('string', never 'string?').</summary>
internal static class TypeDisplay
{
    /// <summary>The C# name of <paramref name="type"/>; a nullable value type keeps its '?', which is part of the type.</summary>
    public static string Of(ITypeSymbol? type) =>
        type is null ? "?" : type.WithNullableAnnotation(NullableAnnotation.NotAnnotated).ToDisplayString(SymbolDisplayFormat.CSharpErrorMessageFormat);
}
