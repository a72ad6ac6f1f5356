using System.Text;
using Electrode.Vr.Apps.KeyValue;
using Electrode.Vr.Linearizability;
using static Electrode.Vr.Tests.Linearizability.Ops;

namespace Electrode.Vr.Tests.Linearizability;

public class KvHistoryFileTests
{
    private static readonly List<KvHistoryOperation> EveryKind =
    [
        Put(1, 0, 10, "k", "v"),
        Put(2, 5, null, "k", "w"),
        Put(3, 6, 8, "k", ""),
        Get(1, 20, 30, "k", "v"),
        Get(1, 31, 32, "k", ""),
        Get(4, long.MaxValue - 1, long.MaxValue, "other", null),
        PendingGet(-7, 40, "k"),
        Delete(1, 50, 60, "k"),
        Delete(1, 61, 62, "k", found: false),
        Delete(2, 63, null, "k"),
        BadRequest(3, 70, 80, KvOperation.Get(Bytes("k"))),
    ];

    [Fact]
    public void EveryKindOfOperation_RoundTripsThroughAFile()
    {
        var path = Path.Combine(Path.GetTempPath(), $"history-{Guid.NewGuid():N}.jsonl");
        try
        {
            using (var writer = KvHistoryWriter.Create(path))
            {
                foreach (var operation in EveryKind) writer.Append(operation);
            }

            var read = KvHistoryReader.ReadFile(path);

            Assert.Equal(EveryKind.Select(o => o.ToString()), read.Select(o => o.ToString()));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Lines_AreTheDocumentedJson()
    {
        var text = Write(
            Put(1, 100, 250, "k1", "\u0001\u0002"),
            Get(3, 100, 250, "k1", "\u0001\u0002"),
            Delete(2, 300, null, "k1"));

        Assert.Equal(
            """
            {"client":1,"call":100,"return":250,"op":"put","key":"6b31","value":"0102","status":"ok"}
            {"client":3,"call":100,"return":250,"op":"get","key":"6b31","status":"ok","result":"0102"}
            {"client":2,"call":300,"return":null,"op":"delete","key":"6b31","status":null}

            """.ReplaceLineEndings("\n"), text);
    }

    [Fact]
    public void Flush_MakesAppendedLinesVisibleBeforeTheWriterCloses()
    {
        using var stream = new MemoryStream();
        using var writer = new KvHistoryWriter(stream, leaveOpen: true);

        writer.Append(Put(1, 0, 10, "k", "v"));
        writer.Flush();

        Assert.Single(KvHistoryReader.Read(new StringReader(Encoding.UTF8.GetString(stream.ToArray()))));
    }

    [Fact]
    public void PendingFieldsMayBeLeftOut_AndBlankLinesAreSkipped()
    {
        var read = KvHistoryReader.Read(new StringReader(
            """
            {"client":1,"call":5,"op":"put","key":"6b","value":"01"}

            {"client":2,"call":6,"return":7,"op":"get","key":"6b","status":"notfound"}
            """));

        Assert.True(read[0].IsPending);
        Assert.Equal(KvStatus.NotFound, read[1].Output!.Status);
    }

    [Theory]
    [InlineData("{\"client\":1,\"call\":5,", "not JSON")]
    [InlineData("[1,2]", "an operation is a JSON object, not Array")]
    [InlineData("{\"client\":1,\"call\":5,\"op\":\"get\",\"key\":\"6b\",\"status\":null,\"extra\":1}", "unknown field \"extra\"")]
    [InlineData("{\"client\":1,\"client\":2,\"call\":5,\"op\":\"get\",\"key\":\"6b\"}", "\"client\" appears twice")]
    [InlineData("{\"call\":5,\"op\":\"get\",\"key\":\"6b\"}", "\"client\" is missing")]
    [InlineData("{\"client\":1.5,\"call\":5,\"op\":\"get\",\"key\":\"6b\"}", "\"client\" is 1.5, not a 64-bit integer")]
    [InlineData("{\"client\":4294967296,\"call\":5,\"op\":\"get\",\"key\":\"6b\"}", "\"client\" is 4294967296, beyond a 32-bit integer")]
    [InlineData("{\"client\":1,\"call\":\"5\",\"op\":\"get\",\"key\":\"6b\"}", "\"call\" is \"5\", not a 64-bit integer")]
    [InlineData("{\"client\":1,\"call\":5,\"op\":\"set\",\"key\":\"6b\"}", "\"op\" is \"set\", not get, put or delete")]
    [InlineData("{\"client\":1,\"call\":5,\"op\":\"get\",\"key\":\"6x\"}", "\"key\" is \"6x\", not hex")]
    [InlineData("{\"client\":1,\"call\":5,\"op\":\"get\",\"key\":\"\"}", "\"key\" is empty")]
    [InlineData("{\"client\":1,\"call\":5,\"op\":\"put\",\"key\":\"6b\"}", "\"value\" is missing")]
    [InlineData("{\"client\":1,\"call\":5,\"op\":\"get\",\"key\":\"6b\",\"value\":\"01\"}", "\"value\" belongs to a put, not a get")]
    [InlineData("{\"client\":1,\"call\":5,\"return\":6,\"op\":\"get\",\"key\":\"6b\",\"status\":\"fine\"}", "\"status\" is \"fine\", not ok, notfound, badrequest or null")]
    [InlineData("{\"client\":1,\"call\":5,\"return\":6,\"op\":\"get\",\"key\":\"6b\",\"status\":\"ok\"}", "\"result\" is missing")]
    [InlineData("{\"client\":1,\"call\":5,\"return\":6,\"op\":\"delete\",\"key\":\"6b\",\"status\":\"ok\",\"result\":\"01\"}", "\"result\" belongs to a get that returned ok, not a delete that returned ok")]
    [InlineData("{\"client\":1,\"call\":5,\"op\":\"get\",\"key\":\"6b\",\"result\":\"01\"}", "\"result\" belongs to a get that returned ok, not a pending get")]
    [InlineData("{\"client\":1,\"call\":5,\"return\":6,\"op\":\"get\",\"key\":\"6b\"}", "both a return time and an output, or neither")]
    [InlineData("{\"client\":1,\"call\":5,\"return\":4,\"op\":\"get\",\"key\":\"6b\",\"status\":\"notfound\"}", "the return (4) precedes the call (5)")]
    public void MalformedLine_IsReportedWithItsNumber(string line, string problem)
    {
        var text = "{\"client\":1,\"call\":0,\"return\":1,\"op\":\"get\",\"key\":\"6b\",\"status\":\"notfound\"}\n\n" + line + "\n";

        var error = Assert.Throws<KvHistoryFormatException>(() => KvHistoryReader.Read(new StringReader(text)));

        Assert.Equal(3, error.LineNumber);
        Assert.StartsWith("history line 3: ", error.Message);
        Assert.Contains(problem, error.Message);
    }

    [Fact]
    public void ReplyValueTheFormatHasNoPlaceFor_IsRefusedByTheWriter()
    {
        var put = new KvHistoryOperation(1, 0, 1, KvOperation.Put(Bytes("k"), Bytes("v")), new KvReply(KvStatus.Ok, [1]));

        Assert.Throws<ArgumentException>(() => Write(put));
    }

    private static string Write(params KvHistoryOperation[] operations)
    {
        using var stream = new MemoryStream();
        using (var writer = new KvHistoryWriter(stream, leaveOpen: true))
        {
            foreach (var operation in operations) writer.Append(operation);
        }
        return Encoding.UTF8.GetString(stream.ToArray());
    }
}
