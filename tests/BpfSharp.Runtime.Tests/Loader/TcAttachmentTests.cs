using BpfSharp.Loader;
using BpfSharp.Testing;

namespace BpfSharp.Runtime.Tests.Loader;

public sealed class TcAttachmentTests : IDisposable
{
    private readonly BpfObject obj = BpfObject.Open(FixtureObjects.PathOf("packet"));
    private readonly LoadedBpfObject loaded;
    private readonly VethPair veth;

    public TcAttachmentTests()
    {
        loaded = obj.Load();
        veth = VethPair.Create(); // last: nothing after it can fail and leave the pair behind
    }

    public void Dispose()
    {
        loaded.Dispose();
        obj.Dispose();
        veth.Dispose();
    }

    private BpfProgram Program => loaded.Program("tc_mark_and_drop_short");

    private string Filters(string direction) => ExternalCommand.Run("tc", "filter", "show", "dev", veth.Name, direction);

    private bool HasClsact() => ExternalCommand.Run("tc", "qdisc", "show", "dev", veth.Name).Contains("qdisc clsact");

    [KernelFact]
    public void Ingress_attach_creates_clsact_and_a_filter_and_dispose_removes_both()
    {
        string filters;
        bool clsactWhileAttached;
        using (var attachment = Program.AttachTc(veth.Name, TcDirection.Ingress))
        {
            filters = Filters("ingress");
            clsactWhileAttached = HasClsact();
            Assert.Equal((Program.Id, TcDirection.Ingress), (attachment.ProgramId, attachment.Direction));
            Assert.True(attachment.Handle > 0 && attachment.Priority > 0);
        }

        Assert.True(clsactWhileAttached);
        Assert.Contains($" id {Program.Id} ", filters);
        Assert.Contains("direct-action", filters);
        Assert.Equal("", Filters("ingress").Trim());
        Assert.False(HasClsact());
    }

    [KernelFact]
    public void ReplaceTc_puts_another_program_on_the_same_filter()
    {
        using var other = BpfObject.Open(FixtureObjects.PathOf("packet"));
        using var otherLoaded = other.Load();
        var replacement = otherLoaded.Program("tc_mark_and_drop_short");
        using var first = Program.AttachTc(veth.Ifindex, TcDirection.Egress, priority: 9);

        var replaced = replacement.ReplaceTc(veth.Ifindex, TcDirection.Egress, first.Handle, first.Priority);

        string filters = Filters("egress");
        Assert.Equal((first.Handle, first.Priority, replacement.Id), (replaced.Handle, replaced.Priority, replaced.ProgramId));
        Assert.Contains($" id {replacement.Id} ", filters);
        Assert.DoesNotContain($" id {Program.Id} ", filters);
        Assert.Single(filters.Split('\n', StringSplitOptions.RemoveEmptyEntries), line => line.Contains(" id ", StringComparison.Ordinal));
    }

    [KernelFact]
    public void Egress_attach_filters_egress_only()
    {
        using var attachment = Program.AttachTc(veth.Ifindex, TcDirection.Egress, priority: 7);

        Assert.Contains("pref 7 bpf", Filters("egress"));
        Assert.Equal("", Filters("ingress").Trim());
        Assert.Equal(7u, attachment.Priority);
    }

    [KernelFact]
    public void Clsact_created_by_this_process_stays_until_its_last_attachment_is_disposed()
    {
        var ingress = Program.AttachTc(veth.Ifindex, TcDirection.Ingress);
        var egress = Program.AttachTc(veth.Ifindex, TcDirection.Egress);

        ingress.Dispose();
        bool clsactWithEgressLeft = HasClsact();
        string egressFilters = Filters("egress");
        egress.Dispose();

        Assert.True(clsactWithEgressLeft);
        Assert.Contains($" id {Program.Id} ", egressFilters);
        Assert.False(HasClsact());
    }

    [KernelFact]
    public void Clsact_that_existed_before_is_left_in_place_with_only_our_filter_removed()
    {
        ExternalCommand.Run("tc", "qdisc", "add", "dev", veth.Name, "clsact");

        Program.AttachTc(veth.Ifindex, TcDirection.Ingress).Dispose();

        Assert.True(HasClsact());
        Assert.Equal("", Filters("ingress").Trim());
    }

    [KernelFact]
    public void Attach_with_a_taken_handle_and_priority_fails_with_EEXIST_and_keeps_the_first()
    {
        using var first = Program.AttachTc(veth.Ifindex, TcDirection.Ingress, priority: 3, handle: 1);

        var error = Assert.Throws<BpfException>(() => Program.AttachTc(veth.Ifindex, TcDirection.Ingress, priority: 3, handle: 1));

        Assert.Equal(Errno.EEXIST, error.Errno);
        Assert.Contains($" id {Program.Id} ", Filters("ingress"));
    }

    [KernelFact]
    public void Attach_to_a_missing_interface_throws_NetworkInterfaceNotFoundException()
    {
        Assert.Throws<NetworkInterfaceNotFoundException>(() => Program.AttachTc("bst-no-such-if", TcDirection.Ingress));
    }

    [KernelFact]
    public void Attaching_an_xdp_program_as_tc_is_refused()
    {
        Assert.Throws<InvalidOperationException>(() => loaded.Program("xdp_swap_first_two").AttachTc(veth.Ifindex, TcDirection.Ingress));
    }

    [KernelFact]
    public void Detach_by_handle_and_priority_removes_the_filter_and_remove_clsact_removes_the_qdisc()
    {
        var attachment = Program.AttachTc(veth.Ifindex, TcDirection.Ingress);
        bool created = attachment.UsesClsactCreatedHere;

        bool detached = TcAttachment.DetachFilter(veth.Ifindex, TcDirection.Ingress, attachment.Handle, attachment.Priority);
        bool detachedAgain = TcAttachment.DetachFilter(veth.Ifindex, TcDirection.Ingress, attachment.Handle, attachment.Priority);
        string filtersAfter = Filters("ingress");
        bool removed = TcAttachment.RemoveClsact(veth.Ifindex);
        attachment.Dispose();

        Assert.Equal((true, true, false, true), (created, detached, detachedAgain, removed));
        Assert.Equal("", filtersAfter.Trim());
        Assert.False(HasClsact());
        Assert.False(TcAttachment.RemoveClsact(veth.Ifindex));
    }
}
