using Electrode.Cli.Apps;
using Electrode.Vr.Apps.KeyValue;

namespace Electrode.Cli.Tests.Apps;

public class SharedKeyWorkloadTests
{
    private readonly SharedKeyWorkload workload = new(keys: 4);

    [Fact]
    public void ClientsShareTheKeys_AndEveryPutWritesAValueNoOtherRequestWrites()
    {
        var operations = Enumerable.Range(0, 3)
            .SelectMany(c => Enumerable.Range(0, 200).Select(s => KvDecode(workload.Operation(c, s))))
            .ToList();

        var puts = operations.Where(o => o.OpCode == KvOpCode.Put).ToList();
        Assert.Equal(4, operations.Select(o => Convert.ToHexString(o.Key)).Distinct().Count());
        Assert.Equal(puts.Count, puts.Select(p => Convert.ToHexString(p.Value)).Distinct().Count());
        Assert.InRange(puts.Count, 200, 400);
        Assert.All(Enumerable.Range(0, 3), c => Assert.Equal(4,
            Enumerable.Range(0, 200).Select(s => Convert.ToHexString(KvDecode(workload.Operation(c, s)).Key)).Distinct().Count()));
    }

    [Fact]
    public void AWellFormedAnswerIsExpected_WhateverValueAGetSees()
    {
        var store = new KvStoreApp();
        for (long s = 0; s < 50; s++)
        {
            var reply = store.Execute((ulong)s + 1, workload.Operation(1, s));
            Assert.True(workload.IsExpectedReply(1, s, reply), $"request {s}");
            Assert.False(workload.IsExpectedReply(1, s, new KvReply(KvStatus.BadRequest, []).Encode()));
        }
    }

    private static KvOperation KvDecode(byte[] bytes)
    {
        Assert.True(KvOperation.TryDecode(bytes, out var operation));
        return operation!;
    }
}
