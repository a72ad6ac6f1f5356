namespace Electrode.Bench.Codegen;

/// <summary>Where the benchmark finds the sources, the compiler and the build's outputs in the repository checkout.</summary>
internal sealed class RepositoryPaths
{
    private const string ProgramsProject = "src/Electrode.Programs/Electrode.Programs.csproj";

    private RepositoryPaths(string root) => Root = root;

    public string Root { get; }

    /// <summary>The project directory of Electrode.Programs, where the MSBuild target runs the compiler.</summary>
    public string ProgramsDirectory => Path.Combine(Root, "src/Electrode.Programs");

    /// <summary>The arguments the MSBuild target gave the compiler when it built <c>electrode.bpf.o</c>.</summary>
    public string CompilerResponseFile => Path.Combine(Root, "src/Electrode.Programs/obj/Release/net10.0/electrode.bpf.o.rsp");

    /// <summary>The object the Release build of Electrode.Programs produced.</summary>
    public string BuiltObject => Path.Combine(Root, "src/Electrode.Programs/bin/Release/net10.0/electrode.bpf.o");

    /// <summary>The compiler the MSBuild target runs.</summary>
    public string CompilerAssembly => Path.Combine(Root, "src/BpfSharp.Compiler/bin/Release/net10.0/BpfSharp.Compiler.dll");

    public string ReferenceSource => Path.Combine(Root, "bench/Electrode.Bench/Reference/electrode_ref.bpf.c");

    /// <summary>The checkout holding this benchmark: the first directory above the running assembly that has Electrode.Programs.</summary>
    public static RepositoryPaths Locate()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, ProgramsProject)))
                return new RepositoryPaths(directory.FullName);
        }
        throw new BenchmarkException($"no directory above {AppContext.BaseDirectory} holds {ProgramsProject}: run the benchmark from its checkout");
    }

    /// <summary>Fails with what to do when a build output the benchmark needs is missing.</summary>
    public void RequireBuilt()
    {
        foreach (string path in new[] { CompilerResponseFile, BuiltObject, CompilerAssembly, ReferenceSource })
        {
            if (!File.Exists(path))
                throw new BenchmarkException($"{path} is missing: build with `dotnet build bench/Electrode.Bench -c Release` first");
        }
    }
}

/// <summary>A benchmark that cannot run or whose two objects disagree; the message says why.</summary>
internal sealed class BenchmarkException(string message) : Exception(message);
