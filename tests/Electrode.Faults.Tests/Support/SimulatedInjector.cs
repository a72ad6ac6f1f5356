using BpfSharp;
using BpfSharp.InProcess;
using Electrode.Faults.Control;
using Electrode.Faults.Layout;

namespace Electrode.Faults.Tests.Support;

/// <summary>The injector's C# run in-process on a simulated kernel of its own, configured as userspace would.</summary>
public sealed class SimulatedInjector : IDisposable
{
    private ulong generation;

    public SimulatedInjector(uint cpuCount = 1) => Kernel = new InProcessKernel { CpuCount = cpuCount };

    public InProcessKernel Kernel { get; }

    public void Configure(FaultSettings settings) =>
        Assert.Equal(0, Kernel.Map(FaultMaps.Config).Update(0, settings.ToConfig(++generation)));

    public TcRunResult Run(byte[] frame) => Kernel.RunTc(FaultInjector.Inject, frame);

    /// <summary>Runs <paramref name="frame"/> <paramref name="times"/> times on <paramref name="cpu"/>.</summary>
    public void RunRepeatedly(byte[] frame, int times, uint cpu = 0)
    {
        Kernel.CurrentCpu = cpu;
        for (int i = 0; i < times; i++)
            Kernel.RunTc(FaultInjector.Inject, frame);
    }

    public FaultCounters Counters(uint cpu = 0) => Kernel.Map(FaultMaps.Counters).Lookup(0)![cpu];

    public void Dispose() => Kernel.Dispose();
}
