namespace BpfSharp.InProcess;

// Simulated network devices and the helpers that send packets to them.
public sealed unsafe partial class InProcessKernel
{
    private readonly Dictionary<uint, SimulatedDevice> _devices = [];

    /// <summary>
    /// Adds a simulated device with <paramref name="ifindex"/>, or returns the existing one. A device a frame is run on
    /// (<see cref="RunXdp"/>, <see cref="RunTc"/>) is added automatically.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">Ifindex 0, which no device has.</exception>
    public SimulatedDevice AddDevice(uint ifindex)
    {
        if (ifindex == 0)
            throw new ArgumentOutOfRangeException(nameof(ifindex), ifindex, "ifindex 0 names no device; interfaces count from 1");
        lock (_gate)
        {
            if (!_devices.TryGetValue(ifindex, out SimulatedDevice? device))
                _devices.Add(ifindex, device = new SimulatedDevice(ifindex));
            return device;
        }
    }

    /// <summary>The simulated device with <paramref name="ifindex"/>.</summary>
    /// <exception cref="KeyNotFoundException">No such device was added.</exception>
    public SimulatedDevice Device(uint ifindex)
    {
        lock (_gate)
            return _devices.TryGetValue(ifindex, out SimulatedDevice? device)
                ? device
                : throw new KeyNotFoundException($"no simulated device has ifindex {ifindex}; add it with AddDevice first");
    }

    /// <summary>
    /// <c>bpf_clone_redirect</c>: a copy of the packet as it is now goes to <paramref name="ifindex"/> (its receive queue
    /// when <paramref name="ingress"/>); <c>-EINVAL</c> for an unknown device. Packet pointers are invalidated either way.
    /// </summary>
    int IProgramHost.CloneRedirect(IPacket packet, uint ifindex, bool ingress)
    {
        lock (_gate)
        {
            RunState run = CurrentRun();
            packet.Relocate();
            if (!_devices.TryGetValue(ifindex, out SimulatedDevice? device))
                return -Errno.EINVAL;
            Emit(run, device, packet.ToArray(), ingress);
            return 0;
        }
    }

    /// <summary>
    /// <c>bpf_redirect</c> (flags 0): records the target and returns the redirect verdict; the frame goes there only if
    /// the program then returns that verdict.
    /// </summary>
    int IProgramHost.Redirect(uint ifindex, uint action)
    {
        lock (_gate) CurrentRun().RedirectTarget = ifindex;
        return (int)action;
    }

    private static void Emit(RunState run, SimulatedDevice device, byte[] frame, bool ingress)
    {
        device.Enqueue(frame, ingress);
        run.Emitted.Add(new EmittedPacket(device.Ifindex, ingress, frame));
    }
}
