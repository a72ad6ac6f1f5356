using System.Text;
using Electrode.Vr.Apps.KeyValue;
using Electrode.Vr.Linearizability;

namespace Electrode.Cli.Tests.Check;

public sealed class CheckCommandTests : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("electrode-check-").FullName;

    public void Dispose() => Directory.Delete(directory, recursive: true);

    [Fact]
    public void LinearizableHistory_Exits0WithOneVerdictLine()
    {
        string path = Write(
            new KvHistoryOperation(0, 0, 10, Put("a", "1"), Ok()),
            new KvHistoryOperation(1, 20, 30, Get("a"), Ok("1")));

        var (code, output, error) = Run("check", "--history", path);

        Assert.Equal((CommandLine.Ok, ""), (code, error));
        Assert.StartsWith("linearizable: 2 operations on 1 keys", output);
    }

    [Fact]
    public void LostAcknowledgedWrite_Exits1AndNamesTheKey()
    {
        string path = Write(
            new KvHistoryOperation(0, 0, 10, Put("a", "1"), Ok()),
            new KvHistoryOperation(1, 20, 30, Get("a"), new KvReply(KvStatus.NotFound, [])));

        var (code, output, _) = Run("check", "--history", path);

        Assert.Equal(CommandLine.Failed, code);
        Assert.StartsWith("not linearizable: 1 of 1 keys fail", output);
        Assert.Contains("61", output);
    }

    [Fact]
    public void MalformedHistory_IsBadUsageNamingTheLine()
    {
        string path = Path.Combine(directory, "bad.jsonl");
        File.WriteAllText(path, "{\"client\":0}\n");

        var (code, _, error) = Run("check", "--history", path);

        Assert.Equal(CommandLine.BadUsage, code);
        Assert.StartsWith("electrode check: history line 1: ", error);
    }

    private string Write(params KvHistoryOperation[] operations)
    {
        string path = Path.Combine(directory, "history.jsonl");
        using var writer = KvHistoryWriter.Create(path);
        foreach (var operation in operations) writer.Append(operation);
        return path;
    }

    private static KvOperation Put(string key, string value) => KvOperation.Put(Encoding.UTF8.GetBytes(key), Encoding.UTF8.GetBytes(value));

    private static KvOperation Get(string key) => KvOperation.Get(Encoding.UTF8.GetBytes(key));

    private static KvReply Ok(string value = "") => new(KvStatus.Ok, Encoding.UTF8.GetBytes(value));

    private static (int Code, string Output, string Error) Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        int code = CommandLine.Run(args, output, error);
        return (code, output.ToString(), error.ToString());
    }
}
