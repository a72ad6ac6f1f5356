using System.Runtime.InteropServices;

namespace Electrode.Faults.Layout;

/// <summary>One CPU's random stream: the per-CPU value of <see cref="FaultMaps.Random"/>.</summary>
[StructLayout(LayoutKind.Sequential)]
public struct RandomState
{
    /// <summary>The SplitMix64 state: advanced by one step per datagram in the port range.</summary>
    public ulong State;

    /// <summary>The <see cref="FaultConfig.Generation"/> the stream was seeded for.</summary>
    public ulong Generation;
}
