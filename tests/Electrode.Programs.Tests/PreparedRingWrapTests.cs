using BpfSharp;
using BpfSharp.Differential;
using BpfSharp.Testing;
using Electrode.Programs.Layout;
using Electrode.Programs.Maps;
using Electrode.Programs.Tests.Support;

namespace Electrode.Programs.Tests;

/// <summary>
/// The fast reply's records once the Prepared ring has wrapped. The kernel does not clear a reservation, so the bytes of
/// a record past its datagram hold earlier records there; in-process the reservation starts with the same bytes, and
/// the two sides agree record for record (before, they parted at the first record past the wrap).
/// </summary>
public class PreparedRingWrapTests
{
    /// <summary>Ring bytes one record takes: the 8-byte header and the record, rounded up to 8.</summary>
    private static readonly int RecordStride = (8 + System.Runtime.CompilerServices.Unsafe.SizeOf<PreparedDatagram>() + 7) & ~7;

    [KernelFact]
    public void Fast_replies_agree_record_for_record_past_a_wrap_of_the_prepared_ring()
    {
        using var tester = DifferentialTester.LoadFile(Path.Combine(AppContext.BaseDirectory, "electrode.bpf.o"), [typeof(ElectrodeMaps)]);
        var node = ElectrodeNode.Configure(tester.Kernel, 3, me: 1, view: 3, lastOp: 0);
        tester.CopyInProcessMapsToKernel();
        int firstLap = ElectrodeMaps.Prepared.MaxEntries / RecordStride;
        var pastTheWrap = new List<byte[]>();

        for (int op = 1; op <= firstLap + 200; op++)
        {
            // Datagrams of changing length, so that a later record is shorter than what its place held before.
            byte[] prepare = Packets.Prepare(node.Cluster, 0, 1, 3, (ulong)op, (ulong)op, requestBytes: 8 + op % 400);
            var run = tester.RunXdp(FastReply.ReplyToPrepare, prepare);
            Assert.Equal(XdpAction.Tx, run.XdpAction);
            if (op > firstLap + 1)
                pastTheWrap.AddRange(run.InProcess!.RingRecords.Select(r => r.Bytes));
        }

        Assert.Equal(199, pastTheWrap.Count);
        Assert.Contains(pastTheWrap, r => r.AsSpan(sizeof(uint) + (int)BitConverter.ToUInt32(r, 0)).IndexOfAnyExcept((byte)0) >= 0);
    }
}
