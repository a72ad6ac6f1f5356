using Electrode.Vr.Apps.KeyValue;

namespace Electrode.Vr.Linearizability;

/// <summary>
/// One operation of a key-value history as a client saw it: when it was called, when (if ever) it returned, what it
/// asked and what it got. Times come from one monotonic clock (nanoseconds or <see cref="System.Diagnostics.Stopwatch"/>
/// ticks) shared by every client of the history. An operation that never returned (the client gave up or crashed) is
/// pending: it has neither return time nor output, and may or may not have taken effect.
/// </summary>
public sealed class KvHistoryOperation
{
    /// <summary>Creates an operation; <paramref name="returnTime"/> and <paramref name="output"/> are both null for a pending one.</summary>
    /// <exception cref="ArgumentException">Only one of return time and output is given, or the return precedes the call.</exception>
    public KvHistoryOperation(int clientId, long callTime, long? returnTime, KvOperation input, KvReply? output)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (returnTime is null != output is null)
            throw new ArgumentException("an operation has both a return time and an output, or neither (pending)");
        if (returnTime < callTime)
            throw new ArgumentException($"the return ({returnTime}) precedes the call ({callTime})");
        ClientId = clientId;
        CallTime = callTime;
        ReturnTime = returnTime;
        Input = input;
        Output = output;
    }

    /// <summary>The client that issued the operation.</summary>
    public int ClientId { get; }

    /// <summary>When the client called it.</summary>
    public long CallTime { get; }

    /// <summary>When the reply reached the client; null if it never did.</summary>
    public long? ReturnTime { get; }

    /// <summary>What the client asked.</summary>
    public KvOperation Input { get; }

    /// <summary>What the client got; null if it never got a reply.</summary>
    public KvReply? Output { get; }

    /// <summary>True when the operation never returned.</summary>
    public bool IsPending => ReturnTime is null;

    /// <summary>A one-line description, such as <c>client 3: put 6b31=0102 -> ok [call 100, return 250]</c>.</summary>
    public override string ToString()
    {
        var key = Hex(Input.Key);
        var call = Input.OpCode switch
        {
            KvOpCode.Put => $"put {key}={Hex(Input.Value)}",
            KvOpCode.Delete => $"delete {key}",
            _ => $"get {key}",
        };
        if (Output is null) return $"client {ClientId}: {call} -> pending [call {CallTime}]";
        var result = Output.Status switch
        {
            KvStatus.Ok when Output.Value.Length > 0 || Input.OpCode == KvOpCode.Get => $"ok {Hex(Output.Value)}",
            KvStatus.Ok => "ok",
            KvStatus.NotFound => "not found",
            _ => "bad request",
        };
        return $"client {ClientId}: {call} -> {result} [call {CallTime}, return {ReturnTime}]";
    }

    /// <summary>Bytes as lower-case hex, with an empty value spelt out so that it is not mistaken for a missing one.</summary>
    internal static string Hex(byte[] bytes) => bytes.Length == 0 ? "(empty)" : Convert.ToHexStringLower(bytes);
}
