using Electrode.Vr.FastPath.Kernel.Attachment;

namespace Electrode.Vr.Tests.FastPath.Kernel.Attachment;

public sealed class NetworkNamespaceIdentityTests
{
    [Fact]
    public void The_current_namespace_is_the_inode_of_proc_self_ns_net()
    {
        string link = new FileInfo("/proc/self/ns/net").LinkTarget!; // "net:[4026531840]"
        var current = NetworkNamespaceIdentity.Current();
        Assert.Equal($"net:[{current.Inode}]", link);
    }

    [Fact]
    public void A_namespace_link_that_cannot_be_read_has_no_inode()
    {
        Assert.Null(NetworkNamespaceIdentity.NamespaceInode("/proc/self/ns/no-such-namespace"));
    }
}
