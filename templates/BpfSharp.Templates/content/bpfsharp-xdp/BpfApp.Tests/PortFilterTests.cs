using System.Buffers.Binary;
using BpfSharp;
using BpfSharp.Differential;
using BpfSharp.InProcess;
using BpfSharp.Loader;

namespace BpfApp.Tests;

public class PortFilterTests
{
    /// <summary>An Ethernet + IPv4 + UDP frame to <paramref name="port"/>.</summary>
    private static byte[] Udp(ushort port)
    {
        byte[] frame = new byte[64];
        BinaryPrimitives.WriteUInt16BigEndian(frame.AsSpan(12), 0x0800);
        frame[14] = 0x45;
        frame[22] = 64;
        frame[23] = 17;
        BinaryPrimitives.WriteUInt16BigEndian(frame.AsSpan(36), port);
        return frame;
    }

    [Fact]
    public void Datagrams_to_the_blocked_port_are_dropped_and_counted()
    {
        using var kernel = new InProcessKernel();

        Assert.Equal(XdpAction.Drop, kernel.RunXdp(PortFilter.Filter, Udp(9)).Action);
        Assert.Equal(XdpAction.Pass, kernel.RunXdp(PortFilter.Filter, Udp(53)).Action);
        Assert.Equal(XdpAction.Pass, kernel.RunXdp(PortFilter.Filter, new byte[20]).Action);

        Assert.Equal(1ul, kernel.Map(PortFilter.Counters).Lookup(PortFilter.Dropped));
        Assert.Equal(2ul, kernel.Map(PortFilter.Counters).Lookup(PortFilter.Passed));
    }

    [KernelFact]
    public void The_kernel_agrees_with_the_in_process_run_on_every_frame()
    {
        // Loads BpfApp.bpf.o (the verifier must accept it), then runs each frame both ways and compares the verdict,
        // the frame out and the Counters map; RunXdp throws DifferentialMismatchException on any difference.
        using var tester = DifferentialTester.LoadFile(Path.Combine(AppContext.BaseDirectory, "BpfApp.bpf.o"), [typeof(PortFilter)]);
        var random = new Random(1);
        var frames = new List<byte[]> { Udp(9), Udp(53), new byte[14] };
        for (int i = 0; i < 200; i++)
        {
            byte[] frame = Udp((ushort)random.Next(4, 16));
            frame[random.Next(frame.Length)] ^= (byte)random.Next(256);
            frames.Add(frame[..random.Next(14, frame.Length + 1)]);
        }

        foreach (byte[] frame in frames)
            tester.RunXdp(PortFilter.Filter, frame);

        Assert.Equal(XdpAction.Drop, tester.RunXdp(PortFilter.Filter, Udp(9)).XdpAction);
    }

    [KernelFact]
    public void The_object_loaded_through_its_bindings_drops_the_configured_port_and_counts_it()
    {
        // PortFilterObject and PortFilterSkeleton are generated from PortFilter: no map or program is named by a string.
        using var opened = PortFilterObject.Open();
        opened.Configuration.BlockedPort = 53;
        using var filter = opened.Load();

        Assert.Equal((uint)XdpAction.Drop, filter.Programs.Filter.TestRun(Udp(53)).ReturnValue);
        Assert.Equal((uint)XdpAction.Pass, filter.Programs.Filter.TestRun(Udp(9)).ReturnValue);
        Assert.Equal(1ul, filter.Maps.Counters[PortFilter.Dropped]);
        Assert.Equal(1ul, filter.Maps.Counters[PortFilter.Passed]);
    }
}
