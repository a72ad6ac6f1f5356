using System.Collections.Concurrent;
using BpfSharp.Testing;

namespace BpfSharp.Runtime.Tests.Loader;

/// <summary>
/// Compiles the C fixtures in Loader/Fixtures with clang-19 once per test run. They exercise the
/// loader only, until the BpfSharp compiler emits objects of its own.
/// </summary>
internal static class FixtureObjects
{
    private static readonly string SourceDirectory = Path.Combine(AppContext.BaseDirectory, "Loader", "Fixtures");
    private static readonly string OutputDirectory = Path.Combine(AppContext.BaseDirectory, "Loader", "FixtureObjects");
    private static readonly ConcurrentDictionary<string, Lazy<string>> Compiled = new();

    /// <summary>The path of the compiled object for Fixtures/<paramref name="name"/>.bpf.c.</summary>
    internal static string PathOf(string name) => Compiled.GetOrAdd(name, n => new Lazy<string>(() => Compile(n))).Value;

    internal static byte[] BytesOf(string name) => File.ReadAllBytes(PathOf(name));

    private static string Compile(string name)
    {
        string source = Path.Combine(SourceDirectory, name + ".bpf.c");
        if (!File.Exists(source))
            throw new FileNotFoundException($"No loader fixture {source}.");
        Directory.CreateDirectory(OutputDirectory);
        string output = Path.Combine(OutputDirectory, name + ".bpf.o");
        ExternalCommand.Run("clang-19", "-O2", "-g", "-target", "bpf", "-I/usr/include/x86_64-linux-gnu", "-c", source, "-o", output);
        return output;
    }
}
