using Microsoft.CodeAnalysis;

namespace BpfSharp.Compiler.CodeGen;

/// <summary>
/// Raised inside the code generator when a construct cannot be lowered; <see cref="CodeGenerator"/> turns it into a
/// BPF9001 diagnostic at <see cref="Location"/> and never lets it escape.
/// </summary>
internal sealed class UnsupportedConstructException(string what, Location? location = null) : Exception(what)
{
    public string What { get; } = what;
    public Location? Location { get; } = location;
}
