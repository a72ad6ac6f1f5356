using Microsoft.CodeAnalysis.CSharp;

namespace BpfSharp.Compiler.CommandLine;

/// <summary>
/// The compiler's command line: <c>--out X.bpf.o --ref a.dll ... [--define SYM] [--langversion V] [--base-dir DIR]
/// [--assembly-name NAME] [--object-name X.bpf.o] [--bindings-name PREFIX] [--check-only] [--csharp-compiled] [--compiled-assembly A.dll] src.cs ...</c>, where a long option may also be written <c>--out=X.bpf.o</c>; <c>@file</c> reads further arguments from a response file, one
/// per line (blank lines and lines starting with # are skipped; surrounding double quotes are removed).
/// </summary>
public sealed record CompilerArguments
{
    /// <summary>Where to write the object; null when only checking.</summary>
    public string? OutputPath { get; init; }

    /// <summary>Referenced assemblies.</summary>
    public IReadOnlyList<string> References { get; init; } = [];

    /// <summary>Preprocessor symbols.</summary>
    public IReadOnlyList<string> Defines { get; init; } = [];

    /// <summary>C# language version.</summary>
    public LanguageVersion LanguageVersion { get; init; } = LanguageVersion.Latest;

    /// <summary>Directory that recorded source paths are relative to (the project directory); the working directory by default.</summary>
    public string BaseDirectory { get; init; } = Environment.CurrentDirectory;

    /// <summary>Name of the program assembly.</summary>
    public string AssemblyName { get; init; } = "BpfProgram";

    /// <summary>
    /// The object's file name as the build names it ($(BpfSharpObjectName)), which names the typed bindings the program
    /// assembly's own code may use; null: the file name of <see cref="OutputPath"/>, or <c>{AssemblyName}.bpf.o</c>.
    /// </summary>
    public string? ObjectName { get; init; }

    /// <summary>$(BpfSharpBindingsName): the prefix of the bindings' classes; null: one taken from the object's name.</summary>
    public string? BindingsName { get; init; }

    /// <summary>Run the front end and the subset check only; write no object.</summary>
    public bool CheckOnly { get; init; }

    /// <summary>
    /// The C# compiler has already compiled these sources with these references, symbols and language version without
    /// errors (the MSBuild target runs after CoreCompile and says so): the front end skips its own C# error check of the
    /// whole compilation (<see cref="FrontEnd.BpfFrontEnd.AnalyzeCompiled"/>).
    /// </summary>
    public bool CompiledByCSharp { get; init; }

    /// <summary>
    /// The assembly the C# compiler built from these sources (with <see cref="CompiledByCSharp"/>): the compilation then
    /// loads only the references it names and theirs (<see cref="ReferenceClosure"/>), not the whole framework.
    /// </summary>
    public string? CompiledAssembly { get; init; }

    /// <summary>Source files, as given.</summary>
    public IReadOnlyList<string> Sources { get; init; } = [];

    /// <summary>Parses <paramref name="args"/>, expanding response files.</summary>
    /// <exception cref="CommandLineException">The command line is invalid or a response file cannot be read.</exception>
    public static CompilerArguments Parse(IEnumerable<string> args)
    {
        var expanded = Expand(args, depth: 0).ToList();
        var references = new List<string>();
        var defines = new List<string>();
        var sources = new List<string>();
        var result = new CompilerArguments();
        for (int i = 0; i < expanded.Count; i++)
        {
            string arg = expanded[i];
            string? inline = null;
            int equals = arg.IndexOf('=');
            if (arg.StartsWith("--", StringComparison.Ordinal) && equals > 0)
            {
                inline = arg[(equals + 1)..];
                arg = arg[..equals];
            }

            string Value()
            {
                if (inline is not null) return inline;
                if (i + 1 >= expanded.Count) throw new CommandLineException($"option '{arg}' needs a value");
                return expanded[++i];
            }

            switch (arg)
            {
                case "--out" or "-o":
                    result = result with { OutputPath = Value() };
                    break;
                case "--ref" or "-r":
                    references.Add(Value());
                    break;
                case "--define" or "-d":
                    defines.AddRange(Value().Split([';', ','], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
                    break;
                case "--langversion":
                    string version = Value();
                    if (!LanguageVersionFacts.TryParse(version, out var parsed))
                        throw new CommandLineException($"unknown C# language version '{version}'");
                    result = result with { LanguageVersion = parsed };
                    break;
                case "--base-dir":
                    result = result with { BaseDirectory = Path.GetFullPath(Value()) };
                    break;
                case "--assembly-name":
                    result = result with { AssemblyName = Value() };
                    break;
                case "--object-name":
                    result = result with { ObjectName = Value() };
                    break;
                case "--bindings-name":
                    result = result with { BindingsName = Value() };
                    break;
                case "--check-only":
                    result = result with { CheckOnly = true };
                    break;
                case "--csharp-compiled":
                    result = result with { CompiledByCSharp = true };
                    break;
                case "--compiled-assembly":
                    result = result with { CompiledAssembly = Value() };
                    break;
                default:
                    if (arg.StartsWith('-')) throw new CommandLineException($"unknown option '{arg}'");
                    sources.Add(arg);
                    break;
            }
        }

        if (sources.Count == 0) throw new CommandLineException("no source files given");
        if (result.OutputPath is null && !result.CheckOnly) throw new CommandLineException("no output given: pass --out X.bpf.o or --check-only");
        return result with { References = references, Defines = defines, Sources = sources };
    }

    private static IEnumerable<string> Expand(IEnumerable<string> args, int depth)
    {
        foreach (string arg in args)
        {
            if (!arg.StartsWith('@'))
            {
                yield return arg;
                continue;
            }

            if (depth > 8) throw new CommandLineException($"response files nest too deeply at '{arg}'");
            string path = arg[1..];
            string[] lines;
            try
            {
                lines = File.ReadAllLines(path);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new CommandLineException($"cannot read response file '{path}': {e.Message}");
            }

            var inner = lines
                .Select(line => line.Trim())
                .Where(line => line.Length > 0 && !line.StartsWith('#'))
                .Select(line => line.Length >= 2 && line[0] == '"' && line[^1] == '"' ? line[1..^1] : line);
            foreach (string nested in Expand(inner, depth + 1)) yield return nested;
        }
    }
}

/// <summary>An invalid command line, with a message saying what is wrong.</summary>
public sealed class CommandLineException(string message) : Exception(message);
