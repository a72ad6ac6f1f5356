using BpfSharp.Loader;

namespace BpfSharp.Verify;

/// <summary>
/// Loads a compiled object into the running kernel, so that the verifier's refusal becomes a build error at the C#
/// line the verifier stopped at (from the object's BTF line info), with advice in C# terms. Where the machine cannot
/// load programs it says why, as a warning: never a silent pass.
/// </summary>
public static class ObjectVerifier
{
    /// <summary>The verifier refused the object (an error).</summary>
    public const string RefusedId = "BPF0200";

    /// <summary>The object could not be verified on this machine (a warning).</summary>
    public const string NotVerifiedId = "BPF0201";

    /// <summary>Loads <paramref name="objectPath"/>; source paths in the verifier log are relative to <paramref name="baseDirectory"/>.</summary>
    public static VerificationOutcome Verify(string objectPath, string baseDirectory)
    {
        if (KernelSupport.WhyNetworkProgramsCannotLoad() is { } why)
            return NotVerified(objectPath, why);
        try
        {
            using var obj = BpfObject.Open(objectPath);
            // Verification must leave nothing behind: no map is pinned, whatever the program asks for at run time.
            foreach (var map in obj.Maps) obj.SetPinPath(map.Name, null);
            using var loaded = obj.Load();
            return new VerificationOutcome(VerificationResult.Accepted, []);
        }
        catch (BpfLoadException refusal)
        {
            return new VerificationOutcome(VerificationResult.Refused, [Refused(objectPath, baseDirectory, refusal)]);
        }
        catch (Exception unable) when (unable is BpfPermissionException or KernelBtfMissingException or LibbpfNotFoundException)
        {
            return NotVerified(objectPath, unable.Message);
        }
        catch (BpfException broken)
        {
            return new VerificationOutcome(VerificationResult.Refused,
                [$"{objectPath}: error {RefusedId}: {Escape($"libbpf could not open or load the object: {broken.Message}")}"]);
        }
    }

    /// <summary>The error line for a refusal: at the C# line the verifier named, or at the object when it named none.</summary>
    public static string Refused(string objectPath, string baseDirectory, BpfLoadException refusal)
    {
        var program = refusal.ProgramName is { } name ? $"program '{name}'" : $"object '{refusal.ObjectName}'";
        var what = refusal.Advice is { } advice
            ? $"the kernel's verifier refused {program}: {advice.Advice} (the verifier said: {advice.VerifierMessage})"
            : $"the kernel refused {program}: {LastLogLine(refusal)}";
        var origin = SourceOrigin(refusal.FailingSourceLine, baseDirectory) ?? objectPath;
        return $"{origin}: error {RefusedId}: {Escape(what)}";
    }

    private static VerificationOutcome NotVerified(string objectPath, string why) =>
        new(VerificationResult.NotVerified,
            [$"{objectPath}: warning {NotVerifiedId}: BpfVerify could not load {Path.GetFileName(objectPath)} into the kernel, so the verifier did not check it: {Escape(why)}"]);

    /// <summary>
    /// "File.cs(line,column)" for a <see cref="BpfLoadException.FailingSourceLine"/> ("File.cs:12: code"): the column
    /// is where the code starts on that line of the source, when the source is there to read.
    /// </summary>
    internal static string? SourceOrigin(string? failingSourceLine, string baseDirectory)
    {
        if (failingSourceLine is null) return null;
        var firstColon = failingSourceLine.IndexOf(':', StringComparison.Ordinal);
        if (firstColon <= 0) return null;
        var secondColon = failingSourceLine.IndexOf(':', firstColon + 1);
        if (secondColon < 0 || !int.TryParse(failingSourceLine[(firstColon + 1)..secondColon], out var line)) return null;
        var path = Path.GetFullPath(failingSourceLine[..firstColon], baseDirectory);
        return $"{path}({line},{ColumnOf(path, line)})";
    }

    private static int ColumnOf(string path, int line)
    {
        if (!File.Exists(path)) return 1;
        var text = File.ReadLines(path).Skip(line - 1).FirstOrDefault();
        if (text is null) return 1;
        var indent = text.Length - text.TrimStart().Length;
        return indent + 1;
    }

    private static string LastLogLine(BpfLoadException refusal) =>
        refusal.VerifierLog.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault(l => !l.StartsWith("processed", StringComparison.Ordinal))
        ?? refusal.Message.Split('\n')[0];

    /// <summary>One line, so that MSBuild reads it as one message.</summary>
    private static string Escape(string text) => text.ReplaceLineEndings(" ");
}
