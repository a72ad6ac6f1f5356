using System.Text.Json;
using BpfSharp.Testing;

namespace Electrode.Cli.Tests.Attach;

/// <summary><c>--prepare-peer</c>: the XDP_PASS program on a veth's other end, put there by attach and removed by detach.</summary>
public sealed class PreparePeerTests : IDisposable
{
    private readonly string scratch = Directory.CreateTempSubdirectory("electrode-peer-").FullName;

    public void Dispose() => Directory.Delete(scratch, recursive: true);

    [KernelFact]
    public void Attach_puts_a_pass_program_on_a_native_veths_peer_in_its_namespace_and_detach_removes_it()
    {
        using var ns = NetworkNamespace.Create();
        ns.Ip("link", "add", "rep0", "type", "veth", "peer", "name", "rep0peer");
        ns.Ip("link", "set", "rep0", "up");
        ns.Ip("link", "set", "rep0peer", "up");
        string cluster = Path.Combine(scratch, "cluster.txt");
        File.WriteAllLines(cluster, ["replica 10.216.0.1:7001 02:00:00:00:00:01", "replica 10.216.0.2:7001 02:00:00:00:00:02"]);

        string pins = $"/sys/fs/bpf/electrode/netns:{ns.Name}";
        try
        {
            AttachThenDetach(ns, cluster);
        }
        finally
        {
            // Pins outlive the namespace: a failure half-way must not leave them behind.
            if (Directory.Exists(pins))
                Directory.Delete(pins, recursive: true);
        }
    }

    private static void AttachThenDetach(NetworkNamespace ns, string cluster)
    {
        var (withoutExit, withoutOutput, _) = ReplicaNetwork.Electrode(ns.Name, "attach", "rep0", "-c", cluster, "-i", "0");
        Assert.Equal(0, withoutExit);
        Assert.Contains("attach again with --prepare-peer to put an XDP_PASS program on rep0peer", withoutOutput);
        Assert.Equal(0u, XdpProgramId(ns, "rep0peer"));

        var (exit, output, error) = ReplicaNetwork.Electrode(ns.Name, "attach", "rep0", "-c", cluster, "-i", "0", "--prepare-peer");
        Assert.True(exit == 0, error);
        uint peerProgram = XdpProgramId(ns, "rep0peer");
        Assert.NotEqual(0u, peerProgram);
        Assert.Contains($"peer:    XDP PassToStack id {peerProgram}", output);

        Assert.Equal(0, ReplicaNetwork.Electrode(ns.Name, "detach", "rep0").ExitCode);
        Assert.Equal(0u, XdpProgramId(ns, "rep0"));
        Assert.Equal(0u, XdpProgramId(ns, "rep0peer"));
        Assert.False(Directory.Exists($"/sys/fs/bpf/electrode/netns:{ns.Name}"));
    }

    private static uint XdpProgramId(NetworkNamespace ns, string device)
    {
        using var json = JsonDocument.Parse(ns.Ip("-j", "link", "show", device));
        return json.RootElement[0].TryGetProperty("xdp", out var xdp) && xdp.TryGetProperty("prog", out var prog) ? prog.GetProperty("id").GetUInt32() : 0;
    }
}
