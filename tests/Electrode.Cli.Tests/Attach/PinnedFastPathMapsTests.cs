using System.Text.Json;
using BpfSharp.Testing;
using Electrode.Programs.Layout;
using Electrode.Vr.FastPath.Kernel.Attachment;

namespace Electrode.Cli.Tests.Attach;

/// <summary>The one call a replica makes, <see cref="PinnedFastPathMaps.Open"/>, against what <c>electrode attach</c> pinned.</summary>
public sealed class PinnedFastPathMapsTests : IDisposable
{
    private readonly string scratch = Directory.CreateTempSubdirectory("electrode-pinned-").FullName;

    public void Dispose() => Directory.Delete(scratch, recursive: true);

    [KernelFact]
    public void A_replica_opens_the_maps_attach_pinned_and_what_it_writes_shows_in_status()
    {
        using var veth = VethPair.Create();
        string cluster = Path.Combine(scratch, "cluster.txt");
        File.WriteAllLines(cluster, ["replica 10.215.0.1:7001 02:00:00:00:00:01", "replica 10.215.0.2:7001 02:00:00:00:00:02", "replica 10.215.0.3:7001 02:00:00:00:00:03"]);
        var (exit, _, error) = Run("attach", veth.Name, "-c", cluster, "-i", "2", "--xdp-mode", "generic");
        Assert.True(exit == 0, error);
        try
        {
            using (var maps = PinnedFastPathMaps.Open(veth.Name))
            {
                Assert.Equal(2u, maps.Record.ReplicaIndex);
                Assert.Equal(FastPaths.All, maps.Record.EnabledPaths);
                Assert.Equal($"/sys/fs/bpf/electrode/{veth.Name}", maps.Paths.Directory);
                var state = maps.Maps.Control[0];
                Assert.Equal(ControlStatus.Recovering, state.Status);
                Assert.Equal((2u, 3u, 2u), (state.MyIndex, state.ReplicaCount, state.QuorumSize));
                var second = maps.Maps.Replicas[1];
                Assert.Equal(new byte[] { 10, 215, 0, 2 }, BitConverter.GetBytes(second.AddressBE));
                Assert.Equal(new byte[] { 0x1b, 0x59 }, BitConverter.GetBytes(second.PortBE)); // 7001
                Assert.Equal(new byte[] { 2, 0, 0, 0, 0, 2 }, MacBytes(second));
                state.Status = ControlStatus.Normal;
                state.View = 5;
                maps.Maps.Control[0] = state;
            }
            var (statusExit, output, _) = Run("status", veth.Name, "--json");
            Assert.Equal(0, statusExit);
            using var json = JsonDocument.Parse(output);
            var control = json.RootElement[0].GetProperty("control");
            Assert.Equal("normal", control.GetProperty("status").GetString());
            Assert.Equal(5ul, control.GetProperty("view").GetUInt64());
        }
        finally
        {
            Assert.Equal(0, Run("detach", veth.Name).ExitCode);
        }
        var refused = Assert.Throws<FastPathNotAttachedException>(() => PinnedFastPathMaps.Open(veth.Name));
        Assert.Equal($"the kernel fast paths are not attached to {veth.Name} (nothing pinned at /sys/fs/bpf/electrode/{veth.Name}): " +
                     $"run `electrode attach {veth.Name} -c <cluster> -i <index>`", refused.Message);
    }

    [KernelFact]
    public void Open_refuses_an_attachment_whose_ingress_program_someone_removed_and_names_the_commands_that_redo_it()
    {
        using var veth = VethPair.Create();
        string cluster = Path.Combine(scratch, "cluster.txt");
        File.WriteAllLines(cluster, ["replica 10.215.0.1:7001 02:00:00:00:00:01"]);
        Assert.Equal(0, Run("attach", veth.Name, "-c", cluster, "-i", "0", "--xdp-mode", "generic").ExitCode);
        try
        {
            ExternalCommand.Run("ip", "link", "set", "dev", veth.Name, "xdpgeneric", "off");

            var refused = Assert.Throws<FastPathNotAttachedException>(() => PinnedFastPathMaps.Open(veth.Name));

            Assert.DoesNotContain('\n', refused.Message);
            Assert.EndsWith($"is no longer attached (none is): run `electrode detach {veth.Name}` then `electrode attach {veth.Name} -c <cluster> -i <index>`", refused.Message);
        }
        finally
        {
            Assert.Equal(0, Run("detach", veth.Name).ExitCode);
        }
        Assert.False(Directory.Exists($"/sys/fs/bpf/electrode/{veth.Name}"));
    }

    private static unsafe byte[] MacBytes(ReplicaEntry entry) => new ReadOnlySpan<byte>(entry.Mac.Bytes, MacAddress.Length).ToArray();

    private static (int ExitCode, string Output, string Error) Run(params string[] arguments)
    {
        var start = new System.Diagnostics.ProcessStartInfo(EndToEnd.ElectrodeProcess.Executable);
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        return ExternalCommand.TryRun(start, TimeSpan.FromSeconds(90));
    }
}
