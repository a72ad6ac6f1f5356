using BpfSharp.Loader;
using BpfSharp.Testing;

namespace BpfSharp.Runtime.Tests.Loader;

/// <summary>The kernel-test support of BpfSharp.Testing that the loader tests rely on.</summary>
public class KernelTestSupportTests
{
    [Theory]
    [InlineData("no CAP_BPF", null, "no CAP_BPF")]
    [InlineData("no CAP_BPF", "false", "no CAP_BPF")]
    [InlineData("no CAP_BPF", "true", null)]
    [InlineData(null, null, null)]
    [InlineData(null, "true", null)]
    public void Kernel_tests_skip_with_the_reason_only_outside_CI(string? whyCannotRun, string? ci, string? expectedSkip)
    {
        Assert.Equal(expectedSkip, KernelTestEnvironment.SkipReasonFor(whyCannotRun, ci));
    }

    [Theory]
    [InlineData("no CAP_BPF", "true", "no CAP_BPF")]
    [InlineData("no CAP_BPF", null, null)]
    [InlineData(null, "true", null)]
    public void Kernel_tests_fail_with_the_reason_in_CI_when_the_kernel_cannot_load_programs(string? whyCannotRun, string? ci, string? expectedFailure)
    {
        Assert.Equal(expectedFailure, KernelTestEnvironment.FailureReasonFor(whyCannotRun, ci));
    }

    [KernelFact]
    public void Probe_finds_this_machine_able_to_load_xdp_and_tc_programs()
    {
        Assert.Null(KernelSupport.WhyNetworkProgramsCannotLoad());
        KernelSupport.EnsureNetworkProgramsCanLoad();
    }

    [KernelFact]
    public void Private_pin_directory_is_a_bpffs_mount_that_is_unmounted_and_removed_on_dispose()
    {
        string path;
        using (var pins = TemporaryPinDirectory.OnPrivateMount())
        {
            path = pins.Path;
            Assert.True(pins.IsPrivateMount);
            Assert.True(TemporaryPinDirectory.IsBpffsMountPoint(path));
            using var obj = BpfObject.Open(FixtureObjects.PathOf("maps"));
            using var loaded = obj.Load();
            loaded.Map("counters").Pin(pins.PathOf("counters"));
        }

        Assert.False(TemporaryPinDirectory.IsBpffsMountPoint(path));
        Assert.False(Directory.Exists(path));
    }

    [KernelFact]
    public void Veth_pair_with_peer_in_a_namespace_is_created_up_and_deleted_exactly()
    {
        string name, peer, namespaceName;
        using (var ns = NetworkNamespace.Create())
        {
            namespaceName = ns.Name;
            using (var veth = VethPair.Create(ns))
            {
                (name, peer) = (veth.Name, veth.PeerName);
                Assert.True(veth.Ifindex > 0);
                Assert.Contains("state UP", ExternalCommand.Run("ip", "link", "show", "dev", name));
                Assert.Contains("state UP", ns.Ip("link", "show", "dev", peer));
                Assert.NotEqual(0, ExternalCommand.TryRun("ip", "link", "show", "dev", peer).ExitCode);
            }
            Assert.NotEqual(0, ExternalCommand.TryRun("ip", "link", "show", "dev", name).ExitCode);
        }

        Assert.DoesNotContain(namespaceName, ExternalCommand.Run("ip", "netns", "list"));
        Assert.True(name.Length <= 15 && peer.Length <= 15);
    }
}
