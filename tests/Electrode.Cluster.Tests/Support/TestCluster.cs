using Electrode.Cluster.Namespaces;

namespace Electrode.Cluster.Tests.Support;

/// <summary>A namespace cluster in a temporary directory of its own; disposing removes both.</summary>
public sealed class TestCluster : IDisposable
{
    private readonly DirectoryInfo directory = System.IO.Directory.CreateTempSubdirectory("electrode-cluster-test-");

    /// <summary>
    /// Builds a cluster of <paramref name="replicas"/> running <paramref name="app"/> in fast-path mode <paramref name="mode"/>
    /// with the kernel fast paths <paramref name="paths"/> (all three by default).
    /// </summary>
    public TestCluster(string mode, int replicas = 3, string app = "kv", int clientNamespaces = 1,
        Func<int, IEnumerable<string>>? moreReplicaArguments = null, string paths = "all")
    {
        try
        {
            Cluster = NamespaceCluster.Create(new ClusterSpec
            {
                Replicas = replicas,
                ClientNamespaces = clientNamespaces,
                FastPath = FastPathModes.Choice(mode, paths),
                App = app,
                Executable = FastPathModes.Executable,
                WorkDirectory = directory.FullName,
                MoreReplicaArguments = moreReplicaArguments,
            });
        }
        catch
        {
            directory.Delete(recursive: true);
            throw;
        }
    }

    /// <summary>The cluster.</summary>
    public NamespaceCluster Cluster { get; }

    /// <summary>The temporary directory (histories go here).</summary>
    public string Directory => directory.FullName;

    /// <summary>Removes the cluster, then the directory.</summary>
    public void Dispose()
    {
        try
        {
            Cluster.Dispose();
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }
}
