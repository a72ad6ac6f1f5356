namespace Electrode.Cluster.Load;

/// <summary>
/// What one closed-loop measurement gave: the client's figures and the whole machine's busy CPU time over the measured
/// interval, per completed (committed and answered) operation.
/// </summary>
/// <param name="Replicas">Cluster size.</param>
/// <param name="FastPath">The fast paths the replicas ran.</param>
/// <param name="Clients">Closed-loop clients.</param>
/// <param name="Summary">The client's summary.</param>
/// <param name="MachineCpu">Busy CPU time of every CPU over the measured interval.</param>
public sealed record LoadMeasurement(int Replicas, FastPathChoice FastPath, int Clients, ClientSummary Summary, TimeSpan MachineCpu)
{
    /// <summary>Machine CPU time per completed operation, in microseconds (NaN when nothing completed).</summary>
    public double CpuMicrosecondsPerOp => Summary.Completed == 0 ? double.NaN : MachineCpu.TotalMicroseconds / Summary.Completed;
}
