namespace Electrode.Vr.Replica.Storage;

/// <summary>A replica's data directory cannot be used; the message says why and what to do.</summary>
public sealed class ReplicaDataDirectoryException(string message, Exception? inner = null) : Exception(message, inner);
