using System.Collections.Immutable;
using BpfSharp.Compiler.Model;
using Microsoft.CodeAnalysis;

namespace BpfSharp.Compiler.FrontEnd;

/// <summary>The front end's verdict: the program model when the program is valid, and every diagnostic found.</summary>
/// <param name="Model">The model, or null when any error was reported.</param>
/// <param name="Diagnostics">C# errors, program-shape and subset diagnostics, in source order.</param>
public sealed record FrontEndResult(ProgramModel? Model, ImmutableArray<Diagnostic> Diagnostics)
{
    /// <summary>True when any diagnostic is an error.</summary>
    public bool HasErrors => Diagnostics.Any(d => d.Severity == DiagnosticSeverity.Error);
}
