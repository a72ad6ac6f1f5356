using System.Text.Json;
using System.Text.Json.Serialization;

namespace Electrode.Vr.Replica.Storage;

/// <summary>
/// What a replica keeps across its incarnations: which cluster and index the directory belongs to, and how often a
/// process has started as that replica. Written whole to a temporary file, flushed to disk and renamed over the old
/// one, so a crash at any point leaves the previous or the new content, never a torn one.
/// </summary>
internal sealed record ReplicaIncarnationFile(
    [property: JsonPropertyName("format")] int Format,
    [property: JsonPropertyName("cluster")] string Cluster,
    [property: JsonPropertyName("index")] int Index,
    [property: JsonPropertyName("incarnation")] ulong Incarnation)
{
    public const int CurrentFormat = 1;
    public const string FileName = "replica.json";

    public static ReplicaIncarnationFile? Read(string directory)
    {
        var path = Path.Combine(directory, FileName);
        if (!File.Exists(path)) return null;
        try
        {
            var file = JsonSerializer.Deserialize<ReplicaIncarnationFile>(File.ReadAllBytes(path));
            if (file is null || file.Format != CurrentFormat || file.Cluster is null || file.Incarnation == 0)
                throw new JsonException($"unknown format or missing fields");
            return file;
        }
        catch (Exception e) when (e is JsonException or IOException or UnauthorizedAccessException)
        {
            throw new ReplicaDataDirectoryException(
                $"{path} is damaged or not a replica state file ({e.Message}); this replica must not start as if new: " +
                "restore the file, or remove the directory only if the whole cluster is started afresh", e);
        }
    }

    public void Write(string directory)
    {
        var path = Path.Combine(directory, FileName);
        var temporary = path + ".tmp";
        using (var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            JsonSerializer.Serialize(stream, this);
            stream.Flush(flushToDisk: true);
        }
        File.Move(temporary, path, overwrite: true);
        DirectorySync.Flush(directory);
    }
}
