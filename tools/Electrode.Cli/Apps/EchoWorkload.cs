using System.Text;

namespace Electrode.Cli.Apps;

/// <summary>Echo operations "c&lt;client&gt;-&lt;sequence&gt;", answered "reply: " followed by the operation.</summary>
internal sealed class EchoWorkload : IWorkload
{
    private static ReadOnlySpan<byte> ReplyPrefix => "reply: "u8;

    public byte[] Operation(int client, long sequence) => Encoding.UTF8.GetBytes($"c{client}-{sequence}");

    public bool IsExpectedReply(int client, long sequence, ReadOnlySpan<byte> reply) =>
        reply.StartsWith(ReplyPrefix) && reply[ReplyPrefix.Length..].SequenceEqual(Operation(client, sequence));
}
