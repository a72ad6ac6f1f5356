namespace Electrode.Cli.Apps;

/// <summary>
/// The operations a load client sends and the replies it must get back. Request <c>sequence</c> counts from 0 per
/// client and each client waits for a reply before its next request, so a workload may expect a client to see
/// its own earlier writes.
/// </summary>
internal interface IWorkload
{
    /// <summary>The encoded operation of request <paramref name="sequence"/> of client <paramref name="client"/>.</summary>
    byte[] Operation(int client, long sequence);

    /// <summary>True when <paramref name="reply"/> is the correct answer to that request.</summary>
    bool IsExpectedReply(int client, long sequence, ReadOnlySpan<byte> reply);
}
