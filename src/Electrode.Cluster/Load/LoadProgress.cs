namespace Electrode.Cluster.Load;

/// <summary>Where a running measurement is: seconds measured of the planned total, and the leader's commit rate just now.</summary>
/// <param name="Elapsed">Measured so far.</param>
/// <param name="Planned">The planned measurement.</param>
/// <param name="CommittedPerSecond">Operations the leader committed per second since the previous report (null before the second report).</param>
public sealed record LoadProgress(TimeSpan Elapsed, TimeSpan Planned, double? CommittedPerSecond);
