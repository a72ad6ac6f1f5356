using System.Text;
using Electrode.Vr.Apps.KeyValue;

namespace Electrode.Cli.Apps;

/// <summary>
/// Key-value load: even requests put the sequence number under one of the client's own 16 keys, odd ones get it
/// back, so every Get has a known answer (a client's keys are written only by that client).
/// </summary>
internal sealed class KvWorkload : IWorkload
{
    private const int KeysPerClient = 16;

    public byte[] Operation(int client, long sequence)
    {
        long written = sequence & ~1L;
        var key = Key(client, written);
        return sequence % 2 == 0
            ? KvOperation.Put(key, Value(written)).Encode()
            : KvOperation.Get(key).Encode();
    }

    public bool IsExpectedReply(int client, long sequence, ReadOnlySpan<byte> reply)
    {
        if (!KvReply.TryDecode(reply, out var decoded) || decoded!.Status != KvStatus.Ok)
            return false;
        return sequence % 2 == 0 ? decoded.Value.Length == 0 : decoded.Value.AsSpan().SequenceEqual(Value(sequence & ~1L));
    }

    private static byte[] Key(int client, long sequence) => Encoding.UTF8.GetBytes($"c{client}-k{sequence / 2 % KeysPerClient}");

    private static byte[] Value(long sequence) => Encoding.UTF8.GetBytes(sequence.ToString(System.Globalization.CultureInfo.InvariantCulture));
}
