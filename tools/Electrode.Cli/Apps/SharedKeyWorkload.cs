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
        var (key, isPut) = Draw(client, sequence);
        var keyBytes = Encoding.UTF8.GetBytes($"k{key}");
        return isPut
            ? KvOperation.Put(keyBytes, Encoding.UTF8.GetBytes($"c{client}-s{sequence}")).Encode()
            : KvOperation.Get(keyBytes).Encode();
    }

    public bool IsExpectedReply(int client, long sequence, ReadOnlySpan<byte> reply)
    {
        if (!KvReply.TryDecode(reply, out var decoded)) return false;
        return Draw(client, sequence).IsPut
            ? decoded!.Status == KvStatus.Ok && decoded.Value.Length == 0
            : decoded!.Status is KvStatus.Ok or KvStatus.NotFound;
    }

    /// <summary>Which key request <paramref name="sequence"/> of <paramref name="client"/> touches, and whether it puts.</summary>
    private (ulong Key, bool IsPut) Draw(int client, long sequence)
    {
        ulong draw = Mix((ulong)client << 40 ^ (ulong)sequence);
        return (draw % (ulong)keys, (draw >> 32) % 2 == 0);
    }

    /// <summary>splitmix64's finaliser: spreads consecutive sequence numbers over keys and operations.</summary>
    private static ulong Mix(ulong x)
    {
        x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9;
        x = (x ^ (x >> 27)) * 0x94d049bb133111eb;
        return x ^ (x >> 31);
    }
}
