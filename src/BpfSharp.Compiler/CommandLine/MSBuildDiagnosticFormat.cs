using System.Globalization;
using Microsoft.CodeAnalysis;

namespace BpfSharp.Compiler.CommandLine;

/// <summary>
/// Formats diagnostics in MSBuild's canonical error format, <c>path(line,col): error ID: message</c>, so that a build
/// shows them as ordinary errors with file and line.
/// </summary>
public static class MSBuildDiagnosticFormat
{
    /// <summary>The origin printed for diagnostics without a source location.</summary>
    public const string Origin = "BpfSharp.Compiler";

    /// <summary>Formats one diagnostic; source paths are resolved against <paramref name="baseDirectory"/>.</summary>
    public static string Format(Diagnostic diagnostic, string baseDirectory)
    {
        string severity = diagnostic.Severity switch
        {
            DiagnosticSeverity.Error => "error",
            DiagnosticSeverity.Warning => "warning",
            _ => "info",
        };
        string message = diagnostic.GetMessage(CultureInfo.InvariantCulture);
        if (diagnostic.Location.IsInSource || diagnostic.Location.Kind == LocationKind.ExternalFile)
        {
            var span = diagnostic.Location.GetLineSpan();
            string path = Path.GetFullPath(Path.Combine(baseDirectory, span.Path));
            var start = span.StartLinePosition;
            return $"{path}({start.Line + 1},{start.Character + 1}): {severity} {diagnostic.Id}: {message}";
        }

        return $"{Origin}: {severity} {diagnostic.Id}: {message}";
    }
}
