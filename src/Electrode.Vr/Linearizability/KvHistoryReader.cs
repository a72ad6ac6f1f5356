using System.Text.Json;
using Electrode.Vr.Apps.KeyValue;

namespace Electrode.Vr.Linearizability;

/// <summary>Reads the history files that <see cref="KvHistoryWriter"/> writes (the format is described there).</summary>
public static class KvHistoryReader
{
    /// <summary>Reads every operation of the file at <paramref name="path"/>.</summary>
    /// <exception cref="KvHistoryFormatException">A line is not a well-formed operation; the exception names it.</exception>
    public static IReadOnlyList<KvHistoryOperation> ReadFile(string path)
    {
        using var reader = new StreamReader(path);
        return Read(reader);
    }

    /// <summary>Reads every operation from <paramref name="reader"/>, one per line; blank lines are skipped.</summary>
    /// <exception cref="KvHistoryFormatException">A line is not a well-formed operation; the exception names it.</exception>
    public static IReadOnlyList<KvHistoryOperation> Read(TextReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var operations = new List<KvHistoryOperation>();
        var lineNumber = 0;
        while (reader.ReadLine() is { } line)
        {
            lineNumber++;
            if (!string.IsNullOrWhiteSpace(line)) operations.Add(Parse(line, lineNumber));
        }
        return operations;
    }

    private static KvHistoryOperation Parse(string line, int lineNumber)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(line);
        }
        catch (JsonException e)
        {
            throw new KvHistoryFormatException(lineNumber, $"not JSON ({e.Message})", e);
        }
        using (document)
        {
            try
            {
                return Parse(document.RootElement);
            }
            catch (LineException e)
            {
                throw new KvHistoryFormatException(lineNumber, e.Message);
            }
            catch (ArgumentException e)
            {
                throw new KvHistoryFormatException(lineNumber, e.Message, e);
            }
        }
    }

    private static KvHistoryOperation Parse(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object) throw new LineException($"an operation is a JSON object, not {root.ValueKind}");
        var fields = new Dictionary<string, JsonElement>();
        foreach (var property in root.EnumerateObject())
        {
            if (property.Name is not (KvHistoryFormat.Client or KvHistoryFormat.Call or KvHistoryFormat.Return or KvHistoryFormat.Op
                or KvHistoryFormat.Key or KvHistoryFormat.Value or KvHistoryFormat.Status or KvHistoryFormat.Result))
                throw new LineException($"unknown field \"{property.Name}\"");
            if (!fields.TryAdd(property.Name, property.Value)) throw new LineException($"\"{property.Name}\" appears twice");
        }

        var client = Integer(fields, KvHistoryFormat.Client);
        if (client is < int.MinValue or > int.MaxValue) throw new LineException($"\"{KvHistoryFormat.Client}\" is {client}, beyond a 32-bit integer");
        var call = Integer(fields, KvHistoryFormat.Call);
        long? returnTime = IsNull(fields, KvHistoryFormat.Return) ? null : Integer(fields, KvHistoryFormat.Return);
        var opName = Text(fields, KvHistoryFormat.Op);
        var opCode = KvHistoryFormat.ParseOp(opName)
            ?? throw new LineException($"\"{KvHistoryFormat.Op}\" is \"{opName}\", not get, put or delete");
        var key = Hex(fields, KvHistoryFormat.Key);
        if (key.Length == 0) throw new LineException($"\"{KvHistoryFormat.Key}\" is empty; a key has at least one byte");

        if (opCode != KvOpCode.Put && fields.ContainsKey(KvHistoryFormat.Value))
            throw new LineException($"\"{KvHistoryFormat.Value}\" belongs to a put, not a {opName}");
        var input = opCode switch
        {
            KvOpCode.Put => KvOperation.Put(key, Hex(fields, KvHistoryFormat.Value)),
            KvOpCode.Delete => KvOperation.Delete(key),
            _ => KvOperation.Get(key),
        };

        KvReply? output = null;
        if (!IsNull(fields, KvHistoryFormat.Status))
        {
            var statusName = Text(fields, KvHistoryFormat.Status);
            var status = KvHistoryFormat.ParseStatus(statusName)
                ?? throw new LineException($"\"{KvHistoryFormat.Status}\" is \"{statusName}\", not ok, notfound, badrequest or null");
            var readValue = opCode == KvOpCode.Get && status == KvStatus.Ok;
            if (!readValue && fields.ContainsKey(KvHistoryFormat.Result))
                throw new LineException($"\"{KvHistoryFormat.Result}\" belongs to a get that returned ok, not a {opName} that returned {statusName}");
            output = new KvReply(status, readValue ? Hex(fields, KvHistoryFormat.Result) : []);
        }
        else if (fields.ContainsKey(KvHistoryFormat.Result))
        {
            throw new LineException($"\"{KvHistoryFormat.Result}\" belongs to a get that returned ok, not a pending {opName}");
        }
        return new KvHistoryOperation((int)client, call, returnTime, input, output);
    }

    // A field that is absent or JSON null: how a pending operation's return and status are written.
    private static bool IsNull(Dictionary<string, JsonElement> fields, string name) =>
        !fields.TryGetValue(name, out var element) || element.ValueKind == JsonValueKind.Null;

    private static JsonElement Required(Dictionary<string, JsonElement> fields, string name) =>
        fields.TryGetValue(name, out var element) ? element : throw new LineException($"\"{name}\" is missing");

    private static long Integer(Dictionary<string, JsonElement> fields, string name)
    {
        var element = Required(fields, name);
        return element.ValueKind == JsonValueKind.Number && element.TryGetInt64(out var value)
            ? value
            : throw new LineException($"\"{name}\" is {element.GetRawText()}, not a 64-bit integer");
    }

    private static string Text(Dictionary<string, JsonElement> fields, string name)
    {
        var element = Required(fields, name);
        return element.ValueKind == JsonValueKind.String
            ? element.GetString()!
            : throw new LineException($"\"{name}\" is {element.GetRawText()}, not a string");
    }

    private static byte[] Hex(Dictionary<string, JsonElement> fields, string name)
    {
        var text = Text(fields, name);
        try
        {
            return Convert.FromHexString(text);
        }
        catch (FormatException)
        {
            throw new LineException($"\"{name}\" is \"{text}\", not hex");
        }
    }

    // A problem with the line being parsed; Parse adds the line number.
    private sealed class LineException(string message) : Exception(message);
}
