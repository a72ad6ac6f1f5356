using Electrode.Vr.Apps.KeyValue;
using Electrode.Vr.Linearizability;
using Xunit.Abstractions;

namespace Electrode.Vr.Tests.Linearizability;

public class GeneratedHistoryTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData(16)]
    [InlineData(1)]
    [InlineData(-1)]
    public void TenThousandOperationsOfEightClients_AreLinearizable(int keys)
    {
        var history = SimulatedKvHistory.Generate(seed: 1, operations: 10_000, clients: 8, keys: Math.Abs(keys), pendingRate: keys < 0 ? 0 : 0.002);

        var result = KvLinearizabilityChecker.Check(history);

        // A measurement for the reader, not an assertion: the time depends on the machine and its load.
        output.WriteLine($"{keys} keys, {history.Count(o => o.IsPending)} pending: {result.Explanation}");
        Assert.True(result.Outcome == LinearizabilityOutcome.Linearizable, result.Explanation);
    }

    [Fact]
    public void OneCorruptedRead_InTenThousandOperations_IsFoundAndNamed()
    {
        var history = SimulatedKvHistory.Generate(seed: 2, operations: 10_000, clients: 8, keys: 16, pendingRate: 0.002);
        var index = history.FindIndex(5_000, o => o.Input.OpCode == KvOpCode.Get && o.Output?.Status == KvStatus.Ok);
        var read = history[index];
        history[index] = new KvHistoryOperation(read.ClientId, read.CallTime, read.ReturnTime, read.Input,
            new KvReply(KvStatus.Ok, [0xde, 0xad]));

        var result = KvLinearizabilityChecker.Check(history);

        output.WriteLine(result.Explanation);
        Assert.Equal(LinearizabilityOutcome.NotLinearizable, result.Outcome);
        var violation = Assert.Single(result.Violations);
        Assert.Equal(read.Input.Key, violation.Key);
        Assert.Contains(history[index], violation.Unplaced);
    }
}
