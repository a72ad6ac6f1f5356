using Electrode.Cli.Cluster;
using Electrode.Vr.Transport;

namespace Electrode.Cli.Tests.Cluster;

public class ClusterFileTests
{
    [Fact]
    public void ReplicasAreReadInOrderWithOptionalMacsCommentsAndBlankLines()
    {
        const string text = """
            # lab cluster
            f 1

            replica 10.0.0.1:7001 02:00:00:00:00:0a   # leader of view 0
            replica 10.0.0.2:7002
            	replica   10.0.0.3:65535   AA:bb:CC:dd:EE:ff
            """;

        var configuration = ClusterFile.Parse(text, "lab.txt");

        Assert.Equal(3, configuration.Count);
        Assert.Equal(1, configuration.F);
        Assert.Equal(
            [new EndpointAddress(0x0a000001, 7001), new EndpointAddress(0x0a000002, 7002), new EndpointAddress(0x0a000003, 65535)],
            configuration.Replicas.Select(r => r.Address));
        Assert.Equal(new byte[] { 2, 0, 0, 0, 0, 0x0a }, configuration.Replicas[0].Mac);
        Assert.Null(configuration.Replicas[1].Mac);
        Assert.Equal(new byte[] { 0xaa, 0xbb, 0xcc, 0xdd, 0xee, 0xff }, configuration.Replicas[2].Mac);
    }

    [Fact]
    public void TheFLineIsOptionalAndWindowsLineEndingsAreAccepted()
    {
        var configuration = ClusterFile.Parse("replica 127.0.0.1:1\r\nreplica 127.0.0.1:2\r\n", "c.txt");

        Assert.Equal(2, configuration.Count);
        Assert.Equal(0, configuration.F);
    }

    [Theory]
    [InlineData("replica 127.0.0.1:7001\nreplca 127.0.0.1:7002",
        "c.txt:2: unknown keyword 'replca'; a line is 'replica <ipv4>:<port> [mac]' or, first, 'f <n>'")]
    [InlineData("replica", "c.txt:1: 'replica' needs an address, as in 'replica 127.0.0.1:7001'")]
    [InlineData("# none\n\nreplica 127.0.0.1", "c.txt:3: '127.0.0.1' is not <ipv4>:<port>")]
    [InlineData("replica 127.0.0.256:7001", "c.txt:1: '127.0.0.256' is not an IPv4 address (four numbers 0-255 separated by dots)")]
    [InlineData("replica 127.1:7001", "c.txt:1: '127.1' is not an IPv4 address (four numbers 0-255 separated by dots)")]
    [InlineData("replica localhost:7001", "c.txt:1: 'localhost' is not an IPv4 address (four numbers 0-255 separated by dots)")]
    [InlineData("replica 127.0.0.1:0", "c.txt:1: '0' is not a port (1-65535)")]
    [InlineData("replica 127.0.0.1:65536", "c.txt:1: '65536' is not a port (1-65535)")]
    [InlineData("replica 127.0.0.1:http", "c.txt:1: 'http' is not a port (1-65535)")]
    [InlineData("replica 127.0.0.1:7001 02:00:00:00:00", "c.txt:1: '02:00:00:00:00' is not a MAC address (six hex bytes separated by ':')")]
    [InlineData("replica 127.0.0.1:7001 02:00:00:00:00:zz", "c.txt:1: '02:00:00:00:00:zz' is not a MAC address (six hex bytes separated by ':')")]
    [InlineData("replica 127.0.0.1:7001 02:00:00:00:00:01 extra", "c.txt:1: unexpected 'extra' after the MAC address")]
    [InlineData("replica 127.0.0.1:7001\nreplica 127.0.0.1:7002\nreplica 127.0.0.1:7001",
        "c.txt:3: address 127.0.0.1:7001 is already replica 0 (line 1)")]
    [InlineData("replica 127.0.0.1:7001\nf 0", "c.txt:2: 'f' may only appear on the first line")]
    [InlineData("f one\nreplica 127.0.0.1:7001", "c.txt:1: 'f' takes one whole number, as in 'f 1'")]
    [InlineData("f -1\nreplica 127.0.0.1:7001", "c.txt:1: 'f' takes one whole number, as in 'f 1'")]
    [InlineData("# comment\nf 2\nreplica 127.0.0.1:7001\nreplica 127.0.0.1:7002\nreplica 127.0.0.1:7003",
        "c.txt:2: f 2 does not match the 3 replicas listed, which tolerate f = 1")]
    [InlineData("f 1\n# nothing else", "c.txt:1: the file lists no replicas; add lines 'replica <ipv4>:<port> [mac]'")]
    [InlineData("", "c.txt:1: the file lists no replicas; add lines 'replica <ipv4>:<port> [mac]'")]
    public void BadFileIsRejectedWithOneLineNamingFileAndLine(string text, string expected)
    {
        var e = Assert.Throws<ClusterFileException>(() => ClusterFile.Parse(text, "c.txt"));

        Assert.Equal(expected, e.Message);
    }

    [Fact]
    public void MoreThanSixteenReplicasAreRejectedAtTheSeventeenth()
    {
        var text = string.Join('\n', Enumerable.Range(1, 17).Select(i => $"replica 127.0.0.1:{7000 + i}"));

        var e = Assert.Throws<ClusterFileException>(() => ClusterFile.Parse(text, "c.txt"));

        Assert.Equal("c.txt:17: more than 16 replicas", e.Message);
    }

    [Fact]
    public void MissingFileIsReportedWithItsPath()
    {
        string path = Path.Combine(Path.GetTempPath(), $"electrode-missing-{Guid.NewGuid():N}.txt");

        var e = Assert.Throws<ClusterFileException>(() => ClusterFile.Load(path));

        Assert.StartsWith($"{path}: cannot read the cluster file: ", e.Message);
    }
}
