using Electrode.Vr.Messages;
using Electrode.Vr.Transport;

namespace Electrode.Vr.Replica;

/// <summary>What the leader does with an incoming client request.</summary>
public enum RequestDisposition
{
    /// <summary>Not seen before: assign it an op number.</summary>
    New,
    /// <summary>Older than the client's latest request: drop it.</summary>
    Stale,
    /// <summary>Already in the log but not yet executed: drop it, the reply will follow.</summary>
    InProgress,
    /// <summary>Already executed: send the cached reply again.</summary>
    Executed,
}

/// <summary>
/// At-most-once bookkeeping: per client, the latest executed request and its reply (identical on every
/// replica, since it follows the committed log), the latest request in the uncommitted part of the log
/// (the leader's, rebuilt from the log whenever it starts a view), and the address replies go to.
/// </summary>
public sealed class ClientTable
{
    private readonly Dictionary<ulong, (ulong RequestId, ReplyMessage Reply)> executed = [];
    private readonly Dictionary<ulong, ulong> inProgress = [];
    private readonly Dictionary<ulong, EndpointAddress> addresses = [];

    /// <summary>Decides what to do with <paramref name="request"/>; <paramref name="cachedReply"/> is set when Executed.</summary>
    public RequestDisposition Classify(Request request, out ReplyMessage? cachedReply)
    {
        cachedReply = null;
        if (executed.TryGetValue(request.Clientid, out var done))
        {
            if (request.Clientreqid < done.RequestId) return RequestDisposition.Stale;
            if (request.Clientreqid == done.RequestId)
            {
                cachedReply = done.Reply;
                return RequestDisposition.Executed;
            }
        }
        if (inProgress.TryGetValue(request.Clientid, out var pending))
        {
            if (request.Clientreqid < pending) return RequestDisposition.Stale;
            if (request.Clientreqid == pending) return RequestDisposition.InProgress;
        }
        return RequestDisposition.New;
    }

    /// <summary>Records that <paramref name="request"/> is in the uncommitted part of the log.</summary>
    public void MarkInProgress(Request request)
    {
        if (!inProgress.TryGetValue(request.Clientid, out var pending) || pending < request.Clientreqid)
            inProgress[request.Clientid] = request.Clientreqid;
    }

    /// <summary>Replaces the in-progress requests with those of <paramref name="uncommitted"/>.</summary>
    public void ResetInProgress(IEnumerable<LogEntry> uncommitted)
    {
        inProgress.Clear();
        foreach (var entry in uncommitted) MarkInProgress(entry.Request);
    }

    /// <summary>Records the reply to an executed request (kept only if it is the client's latest).</summary>
    public void RecordExecuted(Request request, ReplyMessage reply)
    {
        if (!executed.TryGetValue(request.Clientid, out var done) || done.RequestId <= request.Clientreqid)
            executed[request.Clientid] = (request.Clientreqid, reply);
        if (inProgress.TryGetValue(request.Clientid, out var pending) && pending <= request.Clientreqid)
            inProgress.Remove(request.Clientid);
    }

    /// <summary>Remembers where <paramref name="clientId"/> is reachable.</summary>
    public void RememberAddress(ulong clientId, EndpointAddress address) => addresses[clientId] = address;

    /// <summary>Where <paramref name="clientId"/> is reachable, if known.</summary>
    public bool TryGetAddress(ulong clientId, out EndpointAddress address) => addresses.TryGetValue(clientId, out address);
}
