namespace Electrode.Vr.Linearizability;

/// <summary>A line of a history file is not a well-formed operation.</summary>
public sealed class KvHistoryFormatException(int lineNumber, string problem, Exception? innerException = null)
    : FormatException($"history line {lineNumber}: {problem}", innerException)
{
    /// <summary>The line, counted from 1.</summary>
    public int LineNumber { get; } = lineNumber;
}
