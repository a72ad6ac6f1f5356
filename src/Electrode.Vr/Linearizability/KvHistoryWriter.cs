using System.Text.Json;
using Electrode.Vr.Apps.KeyValue;

namespace Electrode.Vr.Linearizability;

/// <summary>
/// Writes a history file, one operation at a time, in JSON Lines: one object per line,
/// <c>{"client":3,"call":100,"return":250,"op":"get","key":"6b31","status":"ok","result":"0102"}</c>.
/// <c>return</c> and <c>status</c> are null for a pending operation; <c>value</c> appears for a put only, <c>result</c>
/// for a get that returned ok only; keys and values are lower-case hex. <see cref="KvHistoryReader"/> reads it back.
/// A client writes each operation when it returns, and its pending operations before it closes the file: an operation
/// missing from the file may have taken effect unseen, and a check of such a history can report a false violation.
/// One thread writes at a time (the writer is not thread-safe).
/// </summary>
public sealed class KvHistoryWriter : IDisposable
{
    private readonly Stream stream;
    private readonly bool leaveOpen;
    private readonly Utf8JsonWriter json;
    private bool disposed;

    /// <summary>Writes to <paramref name="stream"/>, closing it on <see cref="Dispose"/> unless <paramref name="leaveOpen"/>.</summary>
    public KvHistoryWriter(Stream stream, bool leaveOpen = false)
    {
        ArgumentNullException.ThrowIfNull(stream);
        this.stream = stream;
        this.leaveOpen = leaveOpen;
        json = new Utf8JsonWriter(stream);
    }

    /// <summary>Creates (or truncates) the file at <paramref name="path"/> and writes to it; readers may open it meanwhile.</summary>
    public static KvHistoryWriter Create(string path) =>
        new(new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.Read));

    /// <summary>Appends <paramref name="operation"/> as one line.</summary>
    /// <exception cref="ArgumentException">The output carries a value the format has no place for (a value is a get's only).</exception>
    public void Append(KvHistoryOperation operation)
    {
        ArgumentNullException.ThrowIfNull(operation);
        var input = operation.Input;
        var output = operation.Output;
        var readValue = input.OpCode == KvOpCode.Get && output?.Status == KvStatus.Ok;
        if (output is { Value.Length: > 0 } && !readValue)
            throw new ArgumentException($"only a get that returned ok has a result to record, not {operation}", nameof(operation));

        json.WriteStartObject();
        json.WriteNumber(KvHistoryFormat.Client, operation.ClientId);
        json.WriteNumber(KvHistoryFormat.Call, operation.CallTime);
        if (operation.ReturnTime is { } returnTime) json.WriteNumber(KvHistoryFormat.Return, returnTime);
        else json.WriteNull(KvHistoryFormat.Return);
        json.WriteString(KvHistoryFormat.Op, KvHistoryFormat.OpName(input.OpCode));
        json.WriteString(KvHistoryFormat.Key, Convert.ToHexStringLower(input.Key));
        if (input.OpCode == KvOpCode.Put) json.WriteString(KvHistoryFormat.Value, Convert.ToHexStringLower(input.Value));
        if (output is null) json.WriteNull(KvHistoryFormat.Status);
        else json.WriteString(KvHistoryFormat.Status, KvHistoryFormat.StatusName(output.Status));
        if (readValue) json.WriteString(KvHistoryFormat.Result, Convert.ToHexStringLower(output!.Value));
        json.WriteEndObject();
        json.Flush();
        stream.WriteByte((byte)'\n');
        // The JSON writer refuses a second top-level value until it is reset; the next line is a new document.
        json.Reset();
    }

    /// <summary>Pushes every appended line to the underlying stream and flushes it, so that a reader sees them.</summary>
    public void Flush()
    {
        json.Flush();
        stream.Flush();
    }

    /// <summary>Flushes, then closes the stream unless it was to be left open.</summary>
    public void Dispose()
    {
        if (disposed) return;
        disposed = true;
        Flush();
        json.Dispose();
        if (!leaveOpen) stream.Dispose();
    }
}
