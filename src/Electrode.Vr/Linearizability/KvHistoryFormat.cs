using Electrode.Vr.Apps.KeyValue;

namespace Electrode.Vr.Linearizability;

/// <summary>
/// The names of the history file's JSON Lines format, shared by <see cref="KvHistoryWriter"/> and
/// <see cref="KvHistoryReader"/> so that the two cannot drift apart.
/// </summary>
internal static class KvHistoryFormat
{
    public const string Client = "client";
    public const string Call = "call";
    public const string Return = "return";
    public const string Op = "op";
    public const string Key = "key";
    public const string Value = "value";
    public const string Status = "status";
    public const string Result = "result";

    // One table per enum serves both directions, so that no name can be written that is not read back.
    private static readonly Dictionary<KvOpCode, string> OpNames = new()
    {
        [KvOpCode.Get] = "get",
        [KvOpCode.Put] = "put",
        [KvOpCode.Delete] = "delete",
    };

    private static readonly Dictionary<KvStatus, string> StatusNames = new()
    {
        [KvStatus.Ok] = "ok",
        [KvStatus.NotFound] = "notfound",
        [KvStatus.BadRequest] = "badrequest",
    };

    public static string OpName(KvOpCode opCode) => Name(OpNames, opCode);

    public static KvOpCode? ParseOp(string name) => Parse(OpNames, name);

    public static string StatusName(KvStatus status) => Name(StatusNames, status);

    public static KvStatus? ParseStatus(string name) => Parse(StatusNames, name);

    private static string Name<T>(Dictionary<T, string> names, T value) where T : struct, Enum =>
        names.TryGetValue(value, out var name)
            ? name
            : throw new ArgumentOutOfRangeException(nameof(value), value, $"not a {typeof(T).Name} the history format knows");

    private static T? Parse<T>(Dictionary<T, string> names, string name) where T : struct, Enum =>
        names.FirstOrDefault(pair => pair.Value == name) is { Value: not null } pair ? pair.Key : null;
}
