using Electrode.Programs.Wire;
using Electrode.Vr.Transport;
using Google.Protobuf;

namespace Electrode.Vr.Wire;

/// <summary>Outcome of decoding one datagram: a message with its fast header and receive info, or an error.</summary>
public readonly record struct DecodeResult
{
    private DecodeResult(DecodeError error, string? detail, IMessage? message, FastHeader header, ReceiveInfo info)
    {
        Error = error;
        Detail = detail;
        Message = message;
        Header = header;
        Info = info;
    }

    /// <summary><see cref="DecodeError.None"/> on success.</summary>
    public DecodeError Error { get; }

    /// <summary>A human-readable explanation of the error, null on success.</summary>
    public string? Detail { get; }

    /// <summary>The decoded message, null on error.</summary>
    public IMessage? Message { get; }

    /// <summary>The fast header as received.</summary>
    public FastHeader Header { get; }

    /// <summary>What the data plane said about the message (certified, kernel-built).</summary>
    public ReceiveInfo Info { get; }

    /// <summary>True when <see cref="Message"/> holds the decoded message.</summary>
    public bool IsSuccess => Error == DecodeError.None;

    /// <summary>A successful result.</summary>
    public static DecodeResult Success(IMessage message, FastHeader header, ReceiveInfo info) =>
        new(DecodeError.None, null, message, header, info);

    /// <summary>A failed result with an explanation.</summary>
    public static DecodeResult Failure(DecodeError error, string detail) => new(error, detail, null, default, default);

    /// <inheritdoc />
    public override string ToString() =>
        IsSuccess
            ? $"{Message!.Descriptor.FullName} [{Header.ViewAndFlags:x8} {Header.Op} {Header.StartOrReplica}]"
            : $"{Error}: {Detail}";
}
