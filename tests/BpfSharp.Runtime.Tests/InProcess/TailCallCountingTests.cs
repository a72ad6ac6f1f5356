using BpfSharp.InProcess;

namespace BpfSharp.Runtime.Tests.InProcess;

public class TailCallCountingTests
{
    [Theory]
    [InlineData("6.1.0-57-amd64", TailCallCounting.CallsIntoRange)]
    [InlineData("5.10.0-30-amd64", TailCallCounting.CallsIntoRange)]
    [InlineData("6.11.11", TailCallCounting.CallsIntoRange)]
    [InlineData("6.12.95+deb12-amd64", TailCallCounting.JumpsOnly)]
    [InlineData("6.18.0", TailCallCounting.JumpsOnly)]
    [InlineData("7.0.1-arch1", TailCallCounting.JumpsOnly)]
    public void Kernels_before_6_12_count_calls_into_range_and_later_ones_only_jumps(string release, TailCallCounting expected) =>
        Assert.Equal(expected, InProcessKernel.TailCallCountingOf(release));

    [Fact]
    public void A_release_that_cannot_be_read_gets_the_newest_counting() =>
        Assert.Equal(TailCallCounting.JumpsOnly, InProcessKernel.TailCallCountingOf("unknown"));
}
