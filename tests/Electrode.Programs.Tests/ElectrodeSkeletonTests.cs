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

    [KernelFact]
    public void Maps_pinned_by_the_skeleton_reopen_typed_from_their_pins_share_their_contents_and_outlive_the_object()
    {
        using var pins = new TemporaryPinDirectory();
        string maps = pins.PathOf("maps"), programs = pins.PathOf("programs");
        var state = new ControlState { View = 9, LastOp = 12, Status = ControlStatus.Normal, MyIndex = 2, ReplicaCount = 3, QuorumSize = 2 };
        var slot = new QuorumSlot { View = 9, Op = 12, Voters = 5 };

        using (var electrode = ElectrodeSkeleton.Load())
        {
            electrode.Maps.Pin(maps);
            electrode.Programs.Pin(programs);
            electrode.Programs.Pin(programs); // a second pin replaces the first
            electrode.Maps.Control[0] = state;
            using var reopened = ElectrodeSkeleton.MapSet.OpenPinned(maps);
            reopened.QuorumSlots[12] = slot;

            Assert.Equal(state, reopened.Control[0]);
            Assert.Equal(slot, electrode.Maps.QuorumSlots[12]);
            Assert.Equal(electrode.Maps.Counters.Lookup((uint)ElectrodeProgram.FastReply), reopened.Counters.Lookup((uint)ElectrodeProgram.FastReply));
        }

        using var afterwards = ElectrodeSkeleton.MapSet.OpenPinned(maps);
        Assert.Equal(state, afterwards.Control[0]);
        Assert.Equal(slot, afterwards.QuorumSlots[12]);
        Assert.Equal(["Control", "Counters", "Handlers", "Prepared", "QuorumSlots", "Replicas"], Directory.GetFiles(maps).Select(Path.GetFileName).Order());
        Assert.Equal(["Broadcast", "Dispatch", "PruneVotes", "ReplyToPrepare"], Directory.GetFiles(programs).Select(Path.GetFileName).Order());
    }

    [KernelFact]
    public void Opening_pins_refuses_a_missing_map_by_its_path_and_a_map_of_another_shape_by_its_sizes()
    {
        using var pins = new TemporaryPinDirectory();
        string maps = pins.PathOf("maps");
        using (var electrode = ElectrodeSkeleton.Load())
            electrode.Maps.Pin(maps);

        File.Delete(Path.Combine(maps, "Counters"));
        var missing = Assert.Throws<BpfException>(() => ElectrodeSkeleton.MapSet.OpenPinned(maps));
        using (var other = BpfMapHandle.Create(BpfMapType.PerCpuArray, "Counters", sizeof(uint), sizeof(ulong), 4))
            other.Pin(Path.Combine(maps, "Counters"));
        var foreign = Assert.Throws<ArgumentException>(() => ElectrodeSkeleton.MapSet.OpenPinned(maps));

        Assert.Equal(Errno.ENOENT, missing.Errno);
        Assert.Contains(Path.Combine(maps, "Counters"), missing.Message);
        Assert.Contains("8-byte values", foreign.Message);
    }
}
