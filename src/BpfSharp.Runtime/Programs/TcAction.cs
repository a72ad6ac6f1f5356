namespace BpfSharp;

/// <summary>Verdict of a direct-action TC classifier (<c>TC_ACT_*</c>).</summary>
public enum TcAction : int
{
    /// <summary><c>TC_ACT_UNSPEC</c>: use the default action of the hook.</summary>
    Unspec = -1,
    /// <summary><c>TC_ACT_OK</c>: let the packet continue.</summary>
    Ok = 0,
    /// <summary><c>TC_ACT_RECLASSIFY</c>.</summary>
    Reclassify = 1,
    /// <summary><c>TC_ACT_SHOT</c>: drop the packet.</summary>
    Shot = 2,
    /// <summary><c>TC_ACT_PIPE</c>.</summary>
    Pipe = 3,
    /// <summary><c>TC_ACT_STOLEN</c>: consumed by the program.</summary>
    Stolen = 4,
    /// <summary><c>TC_ACT_QUEUED</c>.</summary>
    Queued = 5,
    /// <summary><c>TC_ACT_REPEAT</c>.</summary>
    Repeat = 6,
    /// <summary><c>TC_ACT_REDIRECT</c>: send the packet to the target chosen by <c>bpf_redirect</c>.</summary>
    Redirect = 7,
}
