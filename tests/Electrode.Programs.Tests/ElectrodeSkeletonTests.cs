using System.Buffers.Binary;
using BpfSharp;
using BpfSharp.Loader;
using BpfSharp.Testing;
using Electrode.Programs.Counting;
using Electrode.Programs.Layout;

namespace Electrode.Programs.Tests;

/// <summary>electrode.bpf.o loaded through the bindings generated from Electrode.Programs: no map or program named by a string.</summary>
public class ElectrodeSkeletonTests
{
    [KernelFact]
    public void The_skeleton_binds_every_map_and_program_the_object_holds_under_the_compilers_names()
    {
        using var electrode = ElectrodeSkeleton.Load();

        Assert.Equal(["Broadcast", "Dispatch", "PruneVotes", "ReplyToPrepare"], electrode.Object.Programs.Select(p => p.Name).Order());
        Assert.Equal(
            [electrode.Programs.Broadcast, electrode.Programs.Dispatch, electrode.Programs.PruneVotes, electrode.Programs.ReplyToPrepare],
            electrode.Object.Programs.OrderBy(p => p.Name));
        Assert.Equal(
            new[] { electrode.Maps.Control.Handle, electrode.Maps.Counters.Handle, electrode.Maps.Handlers.Handle, electrode.Maps.Prepared.Handle,
                electrode.Maps.QuorumSlots.Handle, electrode.Maps.Replicas.Handle }.Select(m => m.Name),
            electrode.Object.Maps.Where(m => !m.Info.IsDataSection).Select(m => m.Name).Order());
    }

    [KernelFact]
    public void Control_state_written_through_the_typed_map_is_what_the_kernel_program_reads()
    {
        using var electrode = ElectrodeSkeleton.Load();
        var state = new ControlState { View = 7, LastOp = 41, Status = ControlStatus.Normal, MyIndex = 1, ReplicaCount = 3, QuorumSize = 2 };

        electrode.Maps.Control[0] = state;
        var frame = new byte[60];
        BinaryPrimitives.WriteUInt16BigEndian(frame.AsSpan(12), 0x86dd);
        uint verdict = electrode.Programs.Dispatch.TestRun(frame).ReturnValue;

        Assert.Equal(state, electrode.Maps.Control[0]);
        Assert.Equal((uint)XdpAction.Pass, verdict);
        Assert.Equal(BpfMapHandle.PossibleCpus, electrode.Maps.Counters.Lookup((uint)ElectrodeProgram.FastReply).Length);
        Assert.Throws<ArgumentOutOfRangeException>(() => electrode.Maps.Control[1]);
    }
}
