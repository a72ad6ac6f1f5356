using System.Text;
using Electrode.Vr.Apps.KeyValue;

namespace Electrode.Cli.Apps;

/// <summary>
/// Key-value load over keys every client shares: each request is a put of a value no other request writes, or a get,
/// on a key drawn from <c>keys</c>. No single reply can be checked against an expected value (other clients write
/// the same keys), so a reply only has to be well-formed; whether the replies together are right is for the
/// linearizability check of the recorded history.
/// </summary>
internal sealed class SharedKeyWorkload(int keys) : IWorkload
{
    public byte[] Operation(int client, long sequence)
    {
        ulong draw = Mix((ulong)client << 40 ^ (ulong)sequence);
        var key = Encoding.UTF8.GetBytes($"k{draw % (ulong)keys}");
        return (draw >> 32) % 2 == 0
            ? KvOperation.Put(key, Encoding.UTF8.GetBytes($"c{client}-s{sequence}")).Encode()
            : KvOperation.Get(key).Encode();
    }

    public bool IsExpectedReply(int client, long sequence, ReadOnlySpan<byte> reply)
    {
        if (!KvReply.TryDecode(reply, out var decoded)) return false;
        bool isPut = KvOperation.TryDecode(Operation(client, sequence), out var operation) && operation!.OpCode == KvOpCode.Put;
        return isPut ? decoded!.Status == KvStatus.Ok && decoded.Value.Length == 0 : decoded!.Status is KvStatus.Ok or KvStatus.NotFound;
    }

    /// <summary>splitmix64's finaliser: spreads consecutive sequence numbers over keys and operations.</summary>
    private static ulong Mix(ulong x)
    {
        x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9;
        x = (x ^ (x >> 27)) * 0x94d049bb133111eb;
        return x ^ (x >> 31);
    }
}
