using BpfSharp.Loader;
using BpfSharp.Testing;

namespace BpfSharp.Runtime.Tests.Loader;

public sealed class XdpAttachmentTests : IDisposable
{
    private readonly BpfObject obj = BpfObject.Open(FixtureObjects.PathOf("verdict"));
    private readonly LoadedBpfObject loaded;
    private readonly VethPair veth;

    public XdpAttachmentTests()
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

    private BpfProgram Program => loaded.Program("xdp_verdict");

    private string LinkShow() => ExternalCommand.Run("ip", "link", "show", "dev", veth.Name);

    [KernelFact]
    public void Generic_attach_shows_the_program_on_the_link_and_dispose_removes_it()
    {
        string attachedView;
        using (var attachment = Program.AttachXdp(veth.Name, XdpAttachMode.Generic))
        {
            Assert.Equal((veth.Ifindex, Program.Id, XdpAttachMode.Generic), (attachment.Ifindex, attachment.ProgramId, attachment.Mode));
            attachedView = LinkShow();
        }

        Assert.Contains("xdpgeneric", attachedView);
        Assert.Contains($"prog/xdp id {Program.Id} ", attachedView);
        Assert.DoesNotContain("prog/xdp", LinkShow());
    }

    [KernelFact]
    public void Native_attach_on_veth_shows_the_program_and_dispose_removes_it()
    {
        var attachment = Program.AttachXdp(veth.Ifindex, XdpAttachMode.Native);
        string attachedView = LinkShow();
        attachment.Dispose();

        Assert.Contains($"prog/xdp id {Program.Id} ", attachedView);
        Assert.DoesNotContain("xdpgeneric", attachedView);
        Assert.DoesNotContain("prog/xdp", LinkShow());
        Assert.True(attachment.IsDetached);
    }

    [KernelFact]
    public void Attach_where_a_program_is_already_attached_fails_and_leaves_the_first_in_place()
    {
        using var first = Program.AttachXdp(veth.Ifindex, XdpAttachMode.Generic);

        var error = Assert.Throws<BpfException>(() => Program.AttachXdp(veth.Ifindex, XdpAttachMode.Generic));

        Assert.Contains(error.Errno, new[] { Errno.EBUSY, Errno.EEXIST });
        Assert.Contains("already attached", error.Message);
        Assert.Contains($"prog/xdp id {Program.Id} ", LinkShow());
    }

    [KernelFact]
    public void ReplaceXdp_swaps_in_the_new_program_only_while_the_named_one_is_attached()
    {
        using var other = BpfObject.Open(FixtureObjects.PathOf("packet"));
        using var otherLoaded = other.Load();
        var replacement = otherLoaded.Program("xdp_swap_first_two");
        var first = Program.AttachXdp(veth.Ifindex, XdpAttachMode.Generic);

        using var swapped = replacement.ReplaceXdp(veth.Ifindex, XdpAttachMode.Generic, first.ProgramId);

        Assert.Equal(replacement.Id, XdpAttachment.AttachedProgramId(veth.Ifindex, XdpAttachMode.Generic));
        var refused = Assert.Throws<BpfException>(() => Program.ReplaceXdp(veth.Ifindex, XdpAttachMode.Generic, first.ProgramId));
        Assert.Equal(Errno.EEXIST, refused.Errno);
        Assert.Contains("no longer the program attached", refused.Message);
        Assert.Equal(replacement.Id, XdpAttachment.AttachedProgramId(veth.Ifindex, XdpAttachMode.Generic));
        first.Dispose(); // ours was replaced: its dispose leaves the replacement alone
        Assert.Equal(replacement.Id, XdpAttachment.AttachedProgramId(veth.Ifindex, XdpAttachMode.Generic));
    }

    [KernelFact]
    public void Dispose_leaves_alone_a_program_that_replaced_ours()
    {
        using var other = BpfObject.Open(FixtureObjects.PathOf("packet"));
        using var otherLoaded = other.Load();
        var ours = Program.AttachXdp(veth.Ifindex, XdpAttachMode.Generic);
        ExternalCommand.Run("ip", "link", "set", "dev", veth.Name, "xdpgeneric", "off");
        using var theirs = otherLoaded.Program("xdp_swap_first_two").AttachXdp(veth.Ifindex, XdpAttachMode.Generic);

        ours.Dispose();

        Assert.Contains($"prog/xdp id {theirs.ProgramId} ", LinkShow());
    }

    [KernelFact]
    public void Attach_to_a_missing_interface_throws_NetworkInterfaceNotFoundException()
    {
        var byName = Assert.Throws<NetworkInterfaceNotFoundException>(() => Program.AttachXdp("bst-no-such-if", XdpAttachMode.Generic));
        var byIndex = Assert.Throws<NetworkInterfaceNotFoundException>(() => Program.AttachXdp(int.MaxValue, XdpAttachMode.Generic));

        Assert.Contains("bst-no-such-if", byName.Message);
        Assert.Contains("ip link", byName.Message);
        Assert.Equal(Errno.ENODEV, byIndex.Errno);
    }

    [KernelFact]
    public void Attaching_a_non_xdp_program_as_xdp_is_refused()
    {
        using var other = BpfObject.Open(FixtureObjects.PathOf("packet"));
        using var otherLoaded = other.Load();

        Assert.Throws<InvalidOperationException>(() => otherLoaded.Program("tc_mark_and_drop_short").AttachXdp(veth.Ifindex));
    }

    [KernelFact]
    public void Attachment_outlives_its_object_and_still_detaches()
    {
        using var other = BpfObject.Open(FixtureObjects.PathOf("packet"));
        var otherLoaded = other.Load();
        var attachment = otherLoaded.Program("xdp_swap_first_two").AttachXdp(veth.Ifindex, XdpAttachMode.Generic);
        otherLoaded.Dispose();
        bool attachedAfterClose = LinkShow().Contains($"prog/xdp id {attachment.ProgramId} ");

        attachment.Dispose();

        Assert.True(attachedAfterClose);
        Assert.DoesNotContain("prog/xdp", LinkShow());
    }

    [KernelFact]
    public void Attached_program_id_is_reported_for_the_mode_attached_in_and_zero_after_detach()
    {
        uint generic, native, any;
        using (Program.AttachXdp(veth.Ifindex, XdpAttachMode.Generic))
        {
            generic = XdpAttachment.AttachedProgramId(veth.Ifindex, XdpAttachMode.Generic);
            native = XdpAttachment.AttachedProgramId(veth.Ifindex, XdpAttachMode.Native);
            any = XdpAttachment.AttachedProgramId(veth.Ifindex);
        }

        Assert.Equal((Program.Id, 0u, Program.Id), (generic, native, any));
        Assert.Equal(0u, XdpAttachment.AttachedProgramId(veth.Ifindex));
    }

    [KernelFact]
    public void Detach_by_program_id_removes_that_program_and_refuses_another_id()
    {
        var attachment = Program.AttachXdp(veth.Ifindex, XdpAttachMode.Generic);

        bool wrongId = XdpAttachment.DetachProgram(veth.Ifindex, XdpAttachMode.Generic, Program.Id + 1000);
        bool stillAttached = LinkShow().Contains($"prog/xdp id {Program.Id} ");
        bool rightId = XdpAttachment.DetachProgram(veth.Ifindex, XdpAttachMode.Generic, Program.Id);
        attachment.Dispose();

        Assert.Equal((false, true, true), (wrongId, stillAttached, rightId));
        Assert.DoesNotContain("prog/xdp", LinkShow());
    }
}
