using BpfSharp.InProcess;
using BpfSharp.Runtime.Tests.Support;

namespace BpfSharp.Runtime.Tests.Helpers;

public class BpfTests
{
    [Fact]
    public void KtimeGetNs_and_GetSmpProcessorId_see_the_kernels_virtual_clock_and_cpu()
    {
        using var kernel = new InProcessKernel { CpuCount = 4, CurrentCpu = 3, NowNanoseconds = 123_456 };
        Assert.Equal((123_456UL, 3u), kernel.InProgram(() => (Bpf.KtimeGetNs(), Bpf.GetSmpProcessorId())));
        kernel.NowNanoseconds += 1_000;
        Assert.Equal(124_456UL, kernel.InProgram(Bpf.KtimeGetNs));
    }

    [Fact]
    public void A_helper_called_outside_any_run_explains_how_to_run_the_program()
    {
        var error = Assert.Throws<InvalidOperationException>(() => Bpf.KtimeGetNs());
        Assert.Contains("InProcessKernel", error.Message);
    }
}
