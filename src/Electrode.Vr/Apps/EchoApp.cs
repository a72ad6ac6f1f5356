using System.Text;

namespace Electrode.Vr.Apps;

/// <summary>
/// The application of the VR scenario suite: records every operation it executes and answers
/// <c>"reply: " + op</c> (logged) or <c>"unlreply: " + op</c> (unlogged). Operations are UTF-8 text.
/// </summary>
public sealed class EchoApp : IApp
{
    private readonly List<string> ops = [];
    private readonly List<string> unloggedOps = [];

    /// <summary>Logged operations executed so far, in execution order.</summary>
    public IReadOnlyList<string> Ops => ops;

    /// <summary>Unlogged operations executed so far, in execution order.</summary>
    public IReadOnlyList<string> UnloggedOps => unloggedOps;

    /// <inheritdoc />
    public byte[] Execute(ulong opNumber, ReadOnlySpan<byte> operation)
    {
        var op = Encoding.UTF8.GetString(operation);
        ops.Add(op);
        return Encoding.UTF8.GetBytes("reply: " + op);
    }

    /// <inheritdoc />
    public byte[] ExecuteUnlogged(ReadOnlySpan<byte> operation)
    {
        var op = Encoding.UTF8.GetString(operation);
        unloggedOps.Add(op);
        return Encoding.UTF8.GetBytes("unlreply: " + op);
    }
}
