using BpfSharp.Loader;
using BpfSharp.Testing;

namespace BpfSharp.Runtime.Tests.Loader;

public class BpfObjectSpecTests
{
    [KernelFact]
    public void The_spec_is_what_the_file_declares_programs_maps_and_variables()
    {
        using var obj = BpfObject.Open(FixtureObjects.BytesOf("verdict"), new BpfObjectOpenOptions { ObjectName = "spec" });

        var spec = obj.Spec;

        Assert.Equal("spec", spec.Name);
        Assert.Equal(["xdp_verdict"], spec.Programs.Select(p => p.Name));
        Assert.Contains(spec.Maps, m => m.Name == "spec.rodata" && m.IsDataSection);
        Assert.Contains("verdict", spec.VariableNames);
    }

    [KernelFact]
    public void A_spec_read_before_a_pin_path_is_chosen_keeps_what_it_read()
    {
        using var obj = BpfObject.Open(FixtureObjects.PathOf("maps"));
        var before = obj.Spec;

        obj.SetPinPath("counters", "/sys/fs/bpf/bpfsharp_spec_counters");

        Assert.Null(Assert.Single(before.Maps, m => m.Name == "counters").PinPath);
        Assert.Equal("/sys/fs/bpf/bpfsharp_spec_counters", Assert.Single(obj.Spec.Maps, m => m.Name == "counters").PinPath);
    }
}
