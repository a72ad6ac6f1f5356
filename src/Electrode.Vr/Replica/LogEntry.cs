using Electrode.Vr.Messages;

namespace Electrode.Vr.Replica;

/// <summary>One operation in a replica's log: the client request, with the view that assigned it its number.</summary>
public sealed record LogEntry(ulong View, ulong OpNumber, Request Request);
