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

    public static string OpName(KvOpCode opCode) => opCode switch
    {
        KvOpCode.Get => "get",
        KvOpCode.Put => "put",
        KvOpCode.Delete => "delete",
        _ => throw new ArgumentOutOfRangeException(nameof(opCode), opCode, "not a key-value operation"),
    };

    public static KvOpCode? ParseOp(string? name) => name switch
    {
        "get" => KvOpCode.Get,
        "put" => KvOpCode.Put,
        "delete" => KvOpCode.Delete,
        _ => null,
    };

    public static string StatusName(KvStatus status) => status switch
    {
        KvStatus.Ok => "ok",
        KvStatus.NotFound => "notfound",
        KvStatus.BadRequest => "badrequest",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, "not a key-value status"),
    };

    public static KvStatus? ParseStatus(string? name) => name switch
    {
        "ok" => KvStatus.Ok,
        "notfound" => KvStatus.NotFound,
        "badrequest" => KvStatus.BadRequest,
        _ => null,
    };
}
