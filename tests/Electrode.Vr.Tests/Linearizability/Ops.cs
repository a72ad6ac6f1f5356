using System.Text;
using Electrode.Vr.Apps.KeyValue;
using Electrode.Vr.Linearizability;

namespace Electrode.Vr.Tests.Linearizability;

/// <summary>Short forms for history operations in tests: keys and values are text, a null return time means pending.</summary>
internal static class Ops
{
    public static KvHistoryOperation Put(int client, long call, long? ret, string key, string value) =>
        new(client, call, ret, KvOperation.Put(Bytes(key), Bytes(value)), ret is null ? null : new KvReply(KvStatus.Ok, []));

    /// <summary>A get that found <paramref name="value"/>, or nothing when it is null.</summary>
    public static KvHistoryOperation Get(int client, long call, long ret, string key, string? value) =>
        new(client, call, ret, KvOperation.Get(Bytes(key)),
            value is null ? new KvReply(KvStatus.NotFound, []) : new KvReply(KvStatus.Ok, Bytes(value)));

    public static KvHistoryOperation PendingGet(int client, long call, string key) =>
        new(client, call, null, KvOperation.Get(Bytes(key)), null);

    /// <summary>A delete that found a value to remove, or not; pending when the return time is null.</summary>
    public static KvHistoryOperation Delete(int client, long call, long? ret, string key, bool found = true) =>
        new(client, call, ret, KvOperation.Delete(Bytes(key)),
            ret is null ? null : new KvReply(found ? KvStatus.Ok : KvStatus.NotFound, []));

    public static KvHistoryOperation BadRequest(int client, long call, long ret, KvOperation input) =>
        new(client, call, ret, input, new KvReply(KvStatus.BadRequest, []));

    public static byte[] Bytes(string text) => Encoding.UTF8.GetBytes(text);
}
