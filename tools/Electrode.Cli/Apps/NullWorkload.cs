using System.Text;

namespace Electrode.Cli.Apps;

/// <summary>Operations "c&lt;client&gt;-&lt;sequence&gt;" for the null application, whose every reply is empty.</summary>
internal sealed class NullWorkload : IWorkload
{
    public byte[] Operation(int client, long sequence) => Encoding.UTF8.GetBytes($"c{client}-{sequence}");

    public bool IsExpectedReply(int client, long sequence, ReadOnlySpan<byte> reply) => reply.IsEmpty;
}
