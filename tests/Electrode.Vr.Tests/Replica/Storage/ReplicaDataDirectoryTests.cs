using Electrode.Vr.Replica.Storage;
using Electrode.Vr.Tests.Transport.Simulated;

namespace Electrode.Vr.Tests.Replica.Storage;

public sealed class ReplicaDataDirectoryTests : IDisposable
{
    private readonly string root = Directory.CreateTempSubdirectory("electrode-data-").FullName;
    private readonly Electrode.Vr.Transport.ClusterConfiguration cluster = TestCluster.Configuration(3);

    public void Dispose() => Directory.Delete(root, recursive: true);

    private string Dir => Path.Combine(root, "replica-1");

    [Fact]
    public void FirstOpen_IsTheFirstStart_AndEveryLaterOpenIsARestart()
    {
        using (var first = ReplicaDataDirectory.Open(Dir, cluster, 1))
            Assert.Equal((true, 1ul), (first.IsFirstStart, first.Incarnation));
        using (var second = ReplicaDataDirectory.Open(Dir, cluster, 1))
            Assert.Equal((false, 2ul), (second.IsFirstStart, second.Incarnation));
        using var third = ReplicaDataDirectory.Open(Dir, cluster, 1);
        Assert.Equal(3ul, third.Incarnation);
    }

    [Fact]
    public void DirectoryHeldByARunningReplica_CannotBeOpenedAgain()
    {
        using var running = ReplicaDataDirectory.Open(Dir, cluster, 1);

        var error = Assert.Throws<ReplicaDataDirectoryException>(() => ReplicaDataDirectory.Open(Dir, cluster, 1));

        Assert.StartsWith($"another process is running as replica 1 with data directory {Dir}", error.Message);
    }

    [Fact]
    public void DirectoryOfAnotherIndexOrCluster_IsRefused()
    {
        ReplicaDataDirectory.Open(Dir, cluster, 1).Dispose();

        var otherIndex = Assert.Throws<ReplicaDataDirectoryException>(() => ReplicaDataDirectory.Open(Dir, cluster, 2));
        var otherCluster = Assert.Throws<ReplicaDataDirectoryException>(() => ReplicaDataDirectory.Open(Dir, TestCluster.Configuration(5), 1));

        Assert.Contains("belongs to replica 1 of cluster", otherIndex.Message);
        Assert.Contains("not to replica 2", otherIndex.Message);
        Assert.Contains("belongs to replica 1 of cluster", otherCluster.Message);
    }

    [Fact]
    public void DamagedStateFile_IsRefusedRatherThanTakenForAFirstStart()
    {
        Directory.CreateDirectory(Dir);
        File.WriteAllText(Path.Combine(Dir, "replica.json"), "{\"format\":1,");

        var error = Assert.Throws<ReplicaDataDirectoryException>(() => ReplicaDataDirectory.Open(Dir, cluster, 1));

        Assert.Contains("is damaged or not a replica state file", error.Message);
    }

    [Fact]
    public void UnwritablePlace_SaysSoInOneLine()
    {
        string file = Path.Combine(root, "a-file");
        File.WriteAllText(file, "");

        var error = Assert.Throws<ReplicaDataDirectoryException>(() => ReplicaDataDirectory.Open(Path.Combine(file, "replica-0"), cluster, 0));

        Assert.StartsWith($"cannot use {Path.Combine(file, "replica-0")} as the data directory", error.Message);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public void RecoveryNonces_CarryTheIncarnation_SoNoTwoIncarnationsShareOne()
    {
        ReplicaDataDirectory.Open(Dir, cluster, 1).Dispose();
        using var second = ReplicaDataDirectory.Open(Dir, cluster, 1);

        Assert.All(Enumerable.Range(0, 10), _ => Assert.Equal(2ul, second.NewRecoveryNonce() >> 32));
    }

    [Fact]
    public void DefaultPath_DependsOnTheClusterAndTheIndex()
    {
        var path = ReplicaDataDirectory.DefaultPath(cluster, 1);

        Assert.EndsWith($"cluster-{ReplicaDataDirectory.Fingerprint(cluster)}/replica-1", path);
        Assert.NotEqual(path, ReplicaDataDirectory.DefaultPath(TestCluster.Configuration(5), 1));
        Assert.NotEqual(path, ReplicaDataDirectory.DefaultPath(cluster, 2));
    }
}
