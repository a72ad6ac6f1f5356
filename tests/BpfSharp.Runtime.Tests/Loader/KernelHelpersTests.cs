using BpfSharp.Loader;

namespace BpfSharp.Runtime.Tests.Loader;

public class KernelHelpersTests
{
    [Fact]
    public void A_helper_id_past_the_kernels_last_is_named_with_the_release_that_added_it()
    {
        const string log = "0: R1=ctx() R10=fp0\n0: (85) call unknown#189\ninvalid func unknown#189\nprocessed 1 insns (limit 1000000)";

        string? explanation = KernelHelpers.ExplainRefusal(log, "5.10.0-30-amd64");

        Assert.Equal("This kernel (5.10.0-30-amd64) lacks BPF helper bpf_xdp_load_bytes (#189), added in Linux 5.18: run on Linux 5.18 or later.", explanation);
    }

    [Fact]
    public void The_older_unknown_func_wording_is_recognised()
    {
        string? explanation = KernelHelpers.ExplainRefusal("unknown func bpf_ringbuf_output#130\n", "5.4.0-150-generic");

        Assert.Equal("This kernel (5.4.0-150-generic) lacks BPF helper bpf_ringbuf_output (#130), added in Linux 5.8: run on Linux 5.8 or later.", explanation);
    }

    [Fact]
    public void A_helper_the_kernel_has_but_not_for_the_program_type_is_said_to_be_refused_for_the_type()
    {
        string? explanation = KernelHelpers.ExplainRefusal("program of this type cannot use helper bpf_xdp_adjust_head#44\n", "6.1.0-57-amd64");

        Assert.Equal("This kernel (6.1.0-57-amd64) refuses BPF helper bpf_xdp_adjust_head (#44, added in Linux 4.10) for this program's type.", explanation);
    }

    [Fact]
    public void A_helper_newer_than_the_table_asks_for_a_newer_kernel()
    {
        string? explanation = KernelHelpers.ExplainRefusal("invalid func unknown#4000\n", "6.1.0-57-amd64");

        Assert.Equal("This kernel (6.1.0-57-amd64) does not know BPF helper #4000, which is newer than any this loader knows: run on a newer kernel.", explanation);
    }

    [Fact]
    public void A_refusal_that_is_not_about_a_helper_gets_no_explanation()
    {
        Assert.Null(KernelHelpers.ExplainRefusal("R4 min value is negative, either use unsigned or 'var &= const'\n", "6.18.0"));
    }

    [Theory]
    [InlineData(1, "bpf_map_lookup_elem", "3.19")]
    [InlineData(12, "bpf_tail_call", "4.2")]
    [InlineData(44, "bpf_xdp_adjust_head", "4.10")]
    [InlineData(130, "bpf_ringbuf_output", "5.8")]
    [InlineData(190, "bpf_xdp_store_bytes", "5.18")]
    [InlineData(211, "bpf_cgrp_storage_delete", "6.2")]
    public void Helpers_have_the_kernels_ids_and_the_release_that_added_them(int id, string name, string release)
    {
        Assert.Equal(name, KernelHelpers.NameOf(id));
        Assert.Equal(Version.Parse(release), KernelHelpers.IntroducedIn(id));
    }

    [Fact]
    public void Ids_outside_the_table_have_no_name()
    {
        Assert.Null(KernelHelpers.NameOf(0));
        Assert.Null(KernelHelpers.NameOf(212));
        Assert.Null(KernelHelpers.IntroducedIn(212));
    }
}
