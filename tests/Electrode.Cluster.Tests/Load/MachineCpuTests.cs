using Electrode.Cluster.Load;

namespace Electrode.Cluster.Tests.Load;

public sealed class MachineCpuTests
{
    [Fact]
    public void BusyTimeCountsUserNiceSystemIrqSoftirqAndSteal_IdleCountsIdleAndIowait()
    {
        var cpu = MachineCpu.Parse("cpu  100 2 30 4000 50 6 7 8 0 0");
        Assert.Equal(100 + 2 + 30 + 6 + 7 + 8, cpu.BusyTicks);
        Assert.Equal(4000 + 50, cpu.IdleTicks);
        Assert.Equal(TimeSpan.FromSeconds(1.53), cpu.Busy);
    }

    [Fact]
    public void APerCpuLineIsRefused() => Assert.Throws<FormatException>(() => MachineCpu.Parse("cpu0 1 2 3 4 5 6 7 8"));

    [Fact]
    public void ReadingsSubtractIntoTheIntervalBetweenThem()
    {
        var interval = new MachineCpu(250, 900) - new MachineCpu(200, 800);
        Assert.Equal(new MachineCpu(50, 100), interval);
    }
}
