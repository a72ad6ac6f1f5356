using BpfSharp.Loader;
using BpfSharp.Testing;

namespace BpfSharp.Compiler.Tests.Packaging;

/// <summary>
/// The packages and the template as a user outside this repository gets them: pack to a folder feed, create a project
/// from the template in a temporary directory whose NuGet.config names that feed, build it (the object comes from
/// the package alone), load the object in the kernel and run the template's own tests.
/// </summary>
public class TemplateProjectTests
{
    private static readonly TimeSpan Short = TimeSpan.FromMinutes(1);
    private static readonly TimeSpan Long = TimeSpan.FromMinutes(4);

    [KernelFact]
    public void A_project_from_the_template_builds_its_object_from_the_packages_alone_and_its_tests_pass()
    {
        var workspace = Directory.CreateTempSubdirectory("bpfsharp-template-");
        try
        {
            string feed = Path.Combine(workspace.FullName, "feed");
            string root = DotnetCommand.RepositoryRoot;
            foreach (string project in new[] { "src/BpfSharp.Runtime", "src/BpfSharp.Compiler", "templates/BpfSharp.Templates" })
                DotnetCommand.Run(root, Short, "pack", project, "-c", DotnetCommand.Configuration, "--no-build", "-o", feed);

            string user = Path.Combine(workspace.FullName, "user");
            Directory.CreateDirectory(user);
            File.WriteAllText(Path.Combine(user, "NuGet.config"), NuGetConfig(feed, Path.Combine(workspace.FullName, "packages")));
            string hive = Path.Combine(workspace.FullName, "hive");
            string template = Directory.GetFiles(feed, "BpfSharp.Templates.*.nupkg").Single();
            DotnetCommand.Run(user, Short, "new", "install", template, "--debug:custom-hive", hive);
            DotnetCommand.Run(user, Short, "new", "bpfsharp-xdp", "-n", "Acme.Filter", "--debug:custom-hive", hive);

            string solution = Path.Combine(user, "Acme.Filter");
            DotnetCommand.Run(solution, Long, "build", "Acme.Filter.Tests", "-c", "Release");

            string built = Path.Combine(solution, "Acme.Filter", "bin", "Release", "net10.0", "Acme.Filter.bpf.o");
            Assert.True(File.Exists(built), $"the program project did not write {built}");
            Assert.True(File.Exists(Path.Combine(solution, "Acme.Filter.Tests", "bin", "Release", "net10.0", "Acme.Filter.bpf.o")),
                "the object was not copied beside the tests");
            Assert.Empty(Directory.GetFiles(Path.Combine(solution, "Acme.Filter.Tests", "obj"), "*.bpf.o", SearchOption.AllDirectories));
            using (var opened = BpfObject.Open(built))
            using (var loaded = opened.Load())
                Assert.Equal("Filter", Assert.Single(loaded.Programs).Name);

            string results = DotnetCommand.Run(solution, Long, "test", "Acme.Filter.Tests", "-c", "Release", "--no-build");
            Assert.Matches(@"Failed:\s+0, Passed:\s+2, Skipped:\s+0", results);
        }
        finally
        {
            workspace.Delete(recursive: true);
        }
    }

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
