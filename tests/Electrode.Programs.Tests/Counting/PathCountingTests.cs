using BpfSharp.InProcess;
using Electrode.Programs.Counting;
using Electrode.Programs.Layout;
using Electrode.Programs.Maps;
using Electrode.Programs.Tests.Support;

namespace Electrode.Programs.Tests.Counting;

public class PathCountingTests
{
    [Fact]
    public void Counters_of_every_CPU_add_up()
    {
        using var kernel = new InProcessKernel { CpuCount = 2 };
        var node = ElectrodeNode.Configure(kernel, 3, me: 1, view: 0, lastOp: 0);

        kernel.CurrentCpu = 0;
        node.Ingress(Packets.Prepare(node.Cluster, 0, 1, 0, 1, 1));
        kernel.CurrentCpu = 1;
        node.Ingress(Packets.Prepare(node.Cluster, 0, 1, 0, 2, 2));
        node.Ingress(Packets.Prepare(node.Cluster, 0, 1, 0, 9, 9));

        var perCpu = kernel.Map(ElectrodeMaps.Counters).Lookup((uint)ElectrodeProgram.FastReply)!;
        Assert.Equal([1ul, 2ul], perCpu.Select(c => c.Seen));
        var totals = node.Counters(ElectrodeProgram.FastReply);
        Assert.Equal(3ul, totals.Seen);
        Assert.Equal(2ul, totals.Transmitted);
        Assert.Equal(1ul, totals.FellBack);
        Assert.Equal(1ul, totals[Reason.Gap]);
    }
}
