namespace BpfSharp.Verify;

/// <summary>What loading an object into the kernel's verifier showed.</summary>
public enum VerificationResult
{
    /// <summary>The kernel loaded every program of the object.</summary>
    Accepted,

    /// <summary>The verifier (or the kernel) refused the object.</summary>
    Refused,

    /// <summary>This machine cannot load the object (no privileges, no BTF, no libbpf): nothing was verified.</summary>
    NotVerified,
}

/// <summary>The result of <see cref="ObjectVerifier.Verify"/> and the MSBuild-format lines that report it.</summary>
/// <param name="Result">Accepted, refused or not verified.</param>
/// <param name="Messages">Lines in MSBuild's canonical format (<c>File.cs(12,9): error BPF0200: ...</c>), one per finding.</param>
public sealed record VerificationOutcome(VerificationResult Result, IReadOnlyList<string> Messages);
