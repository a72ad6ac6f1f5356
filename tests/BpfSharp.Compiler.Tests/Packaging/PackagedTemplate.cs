namespace BpfSharp.Compiler.Tests.Packaging;

/// <summary>
/// The packages and the template as a user outside this repository gets them, made once for the tests that share it:
/// packed to a folder feed in a temporary workspace, the template installed in a private hive, and a NuGet.config that
/// names the feed. Each test creates its own project from the template in it.
/// </summary>
public sealed class PackagedTemplate : IDisposable
{
    public static readonly TimeSpan Short = TimeSpan.FromMinutes(1);
    public static readonly TimeSpan Long = TimeSpan.FromMinutes(4);

    private readonly DirectoryInfo _workspace = Directory.CreateTempSubdirectory("bpfsharp-template-");
    private readonly string _hive;
    private readonly string _user;

    public PackagedTemplate()
    {
        try
        {
            string feed = Path.Combine(_workspace.FullName, "feed");
            string root = DotnetCommand.RepositoryRoot;
            foreach (string project in new[] { "src/BpfSharp.Runtime", "src/BpfSharp.Compiler", "templates/BpfSharp.Templates" })
                // Long: while the rest of the suite builds and runs in parallel, a pack can take minutes.
                DotnetCommand.Run(root, Long, "pack", project, "-c", DotnetCommand.Configuration, "--no-build", "-o", feed);

            _user = Path.Combine(_workspace.FullName, "user");
            Directory.CreateDirectory(_user);
            File.WriteAllText(Path.Combine(_user, "NuGet.config"), NuGetConfig(feed, Path.Combine(_workspace.FullName, "packages")));
            _hive = Path.Combine(_workspace.FullName, "hive");
            string template = Directory.GetFiles(feed, "BpfSharp.Templates.*.nupkg").Single();
            DotnetCommand.Run(_user, Short, "new", "install", template, "--debug:custom-hive", _hive);
        }
        catch
        {
            _workspace.Delete(recursive: true);
            throw;
        }
    }

    /// <summary>Runs <c>dotnet new bpfsharp-xdp -n <paramref name="name"/></c>; the directory of the new solution.</summary>
    public string CreateProject(string name)
    {
        DotnetCommand.Run(_user, Short, "new", "bpfsharp-xdp", "-n", name, "--debug:custom-hive", _hive);
        return Path.Combine(_user, name);
    }

    public void Dispose() => _workspace.Delete(recursive: true);

    /// <summary>
    /// The folder feed and the normal feed; packages restored into the workspace (a BpfSharp package of the same version
    /// from an earlier run must not be reused), falling back to the machine's cache for everything else.
    /// </summary>
    private static string NuGetConfig(string feed, string packages)
    {
        string cache = Environment.GetEnvironmentVariable("NUGET_PACKAGES")
            ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        return $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <config>
                <add key="globalPackagesFolder" value="{packages}" />
              </config>
              <packageSources>
                <clear />
                <add key="bpfsharp" value="{feed}" />
                <add key="nuget.org" value="https://api.nuget.org/v3/index.json" />
              </packageSources>
              <fallbackPackageFolders>
                <add key="machine" value="{cache}" />
              </fallbackPackageFolders>
            </configuration>
            """;
    }
}
