using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace BpfSharp.Compiler.Bindings;

/// <summary>
/// What the bindings of one program assembly are generated from, as strings only (no symbols, no syntax), so that an edit
/// that leaves the program's shape alone yields an equal model.
/// </summary>
/// <param name="Namespace">Namespace of the generated classes: the first entry point's (empty: the global namespace).</param>
/// <param name="Prefix">Class-name prefix taken from the object's name (<c>electrode.bpf.o</c> gives <c>Electrode</c>).</param>
/// <param name="ObjectFileName">The object's file name, as the build writes it.</param>
/// <param name="IsPublic">Public when every type the bindings name is public; internal otherwise.</param>
/// <param name="Maps">Maps in object order.</param>
/// <param name="Programs">Entry points in object order.</param>
/// <param name="Variables">Configuration variables (<c>.rodata</c>) in object order.</param>
/// <param name="Problems">What could not be bound with its type.</param>
internal sealed record BindingsModel(
    string Namespace,
    string Prefix,
    string ObjectFileName,
    bool IsPublic,
    EquatableArray<MapBinding> Maps,
    EquatableArray<ProgramBinding> Programs,
    EquatableArray<VariableBinding> Variables,
    EquatableArray<BindingProblem> Problems);

/// <summary>A map: the property, the name in the object, the typed wrapper (null: bound as an untyped handle), its field.</summary>
internal sealed record MapBinding(string Property, string ObjectName, string? WrapperType, string Field);

/// <summary>An entry point: the property, the program's name in the object, the method and its kind (XDP, TC).</summary>
internal sealed record ProgramBinding(string Property, string ObjectName, string Method, string Kind);

/// <summary>A configuration variable: the property, the variable's name in the object, its C# type, its field.</summary>
internal sealed record VariableBinding(string Property, string ObjectName, string Type, string Field);

/// <summary>A field whose type the bindings cannot name (and what it is bound as instead), with where it is declared.</summary>
internal sealed record BindingProblem(string Id, string Field, string Type, string BoundAs, string FilePath, TextSpan Span, LinePositionSpan Lines)
{
    public Location Location => FilePath.Length == 0 ? Location.None : Location.Create(FilePath, Span, Lines);
}
