using System.Text;

namespace BpfSharp.Loader;

/// <summary>
/// The kernel (usually its verifier) refused to load a program of an object. The message carries the
/// program's name, the error's meaning and the tail of the verifier log, whose source lines come from
/// the object's BTF line information.
/// </summary>
public sealed class BpfLoadException : BpfException
{
    /// <summary>How many trailing lines of the verifier log the message shows.</summary>
    public const int LogTailLines = 40;

    internal BpfLoadException(string objectName, string? programName, int errno, string verifierLog, IReadOnlyList<string> libbpfMessages,
        string? sourceLineFromLineInfo = null)
        : base(Compose(objectName, programName, errno, verifierLog, libbpfMessages, LastSourceLine(verifierLog) ?? sourceLineFromLineInfo), errno)
    {
        ObjectName = objectName;
        ProgramName = programName;
        VerifierLog = verifierLog;
        LibbpfMessages = libbpfMessages;
        FailingSourceLine = LastSourceLine(verifierLog) ?? sourceLineFromLineInfo;
    }

    /// <summary>The object that failed to load.</summary>
    public string ObjectName { get; }

    /// <summary>The program the kernel refused, or null when the failure was not a program's (for example a map).</summary>
    public string? ProgramName { get; }

    /// <summary>The whole verifier log of the refused program (empty when the kernel gave none).</summary>
    public string VerifierLog { get; }

    /// <summary>The last <see cref="LogTailLines"/> lines of <see cref="VerifierLog"/>.</summary>
    public string VerifierLogTail => Tail(VerifierLog);

    /// <summary>What libbpf reported while loading, in order.</summary>
    public IReadOnlyList<string> LibbpfMessages { get; }

    /// <summary>
    /// The source line the verifier was checking when it gave up, as "file:line: code": the last line the verifier log
    /// names as "; code @ file:line" (Linux 6.9 and later), or, when the log prints "; code" alone (older kernels), the
    /// line the object's BTF line info gives for the log's last instruction. Null when neither names one.
    /// </summary>
    public string? FailingSourceLine { get; }

    /// <summary>What to change in the C# program for the refusal the verifier log ends with; null when the log names no known kind.</summary>
    public VerifierAdvice? Advice => VerifierAdvice.For(VerifierLog);

    private static string Compose(string objectName, string? programName, int errno, string verifierLog, IReadOnlyList<string> libbpfMessages,
        string? failingSourceLine)
    {
        var message = new StringBuilder();
        message.Append(programName is null
            ? $"Loading BPF object '{objectName}' failed: {BpfSharp.Errno.Describe(errno)}."
            : $"The kernel refused BPF program '{programName}' of object '{objectName}': {DescribeLoadError(errno)}.");
        if (KernelHelpers.ExplainRefusal(verifierLog, KernelHelpers.RunningKernelRelease()) is { } missingHelper)
            message.Append('\n').Append(missingHelper);
        if (failingSourceLine is { } sourceLine)
            message.Append($"\nAt {sourceLine}");
        if (VerifierAdvice.For(verifierLog) is { } advice)
            message.Append($"\nTo fix: {advice.Advice} (the verifier said: {advice.VerifierMessage}).");
        if (errno == BpfSharp.Errno.ENOSPC && verifierLog.Length > 0)
            message.Append(" The verifier log outgrew its buffer; its tail is below.");
        if (verifierLog.Length > 0)
        {
            message.Append("\nVerifier log (tail):\n");
            message.Append(Tail(verifierLog));
        }
        else if (libbpfMessages.Count > 0)
        {
            message.Append("\nlibbpf said:\n");
            message.AppendJoin('\n', libbpfMessages.TakeLast(LogTailLines));
        }
        return message.ToString();
    }

    private static string DescribeLoadError(int errno) => errno == BpfSharp.Errno.EACCES
        ? "EACCES (the verifier rejected the program)"
        : BpfSharp.Errno.Describe(errno);

    /// <summary>The verifier annotates instructions with "; code @ file:line" lines taken from BTF line info.</summary>
    internal static string? LastSourceLine(string log)
    {
        const string separator = " @ ";
        foreach (var line in log.Split('\n').Reverse())
        {
            int at = line.LastIndexOf(separator, StringComparison.Ordinal);
            if (line.StartsWith("; ", StringComparison.Ordinal) && at > 2)
                return $"{line[(at + separator.Length)..].Trim()}: {line[2..at].Trim()}";
        }
        return null;
    }

    private static string Tail(string log)
    {
        var lines = log.TrimEnd('\n', '\0').Split('\n');
        return string.Join('\n', lines.TakeLast(LogTailLines));
    }
}
