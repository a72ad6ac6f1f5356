using BpfSharp.Testing;

namespace BpfSharp.Runtime.Tests.InProcess.Conformance;

/// <summary>Compiles conformance.bpf.c with clang-19 once per test run; each test loads its own copy (fresh maps).</summary>
internal static class ConformanceObject
{
    private static readonly Lazy<string> Compiled = new(Compile);

    public static string Path => Compiled.Value;

    private static string Compile()
    {
        string directory = System.IO.Path.Combine(AppContext.BaseDirectory, "InProcess", "Conformance");
        string output = System.IO.Path.Combine(directory, "conformance.bpf.o");
        ExternalCommand.Run("clang-19", "-O2", "-g", "-target", "bpf", "-I/usr/include/x86_64-linux-gnu",
            "-c", System.IO.Path.Combine(directory, "conformance.bpf.c"), "-o", output);
        return output;
    }
}
