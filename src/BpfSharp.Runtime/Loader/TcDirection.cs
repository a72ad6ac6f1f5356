namespace BpfSharp.Loader;

/// <summary>Which side of the clsact qdisc a TC program hooks (the <c>BPF_TC_INGRESS/EGRESS</c> attach points).</summary>
public enum TcDirection
{
    /// <summary>Packets the interface receives.</summary>
    Ingress = 1 << 0,
    /// <summary>Packets the interface sends.</summary>
    Egress = 1 << 1,
}
