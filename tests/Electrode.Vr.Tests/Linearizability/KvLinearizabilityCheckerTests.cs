using Electrode.Vr.Apps.KeyValue;
using Electrode.Vr.Linearizability;
using static Electrode.Vr.Tests.Linearizability.Ops;

namespace Electrode.Vr.Tests.Linearizability;

public class KvLinearizabilityCheckerTests
{
    [Fact]
    public void EmptyHistory_IsLinearizable()
    {
        AssertLinearizable([]);
    }

    [Fact]
    public void SequentialHistory_FollowingTheStore_IsLinearizable()
    {
        AssertLinearizable(
        [
            Get(1, 0, 1, "k", null),
            Put(1, 2, 3, "k", "1"),
            Get(2, 4, 5, "k", "1"),
            Delete(1, 6, 7, "k"),
            Get(2, 8, 9, "k", null),
            Delete(2, 10, 11, "k", found: false),
            Put(1, 12, 13, "k", "2"),
            Put(2, 14, 15, "k", "3"),
            Get(1, 16, 17, "k", "3"),
        ]);
    }

    [Theory]
    [InlineData("1")]
    [InlineData("2")]
    public void GetOverlappingTwoConcurrentPuts_MaySeeEither(string seen)
    {
        AssertLinearizable(
        [
            Put(1, 0, 10, "k", "1"),
            Put(2, 5, 15, "k", "2"),
            Get(3, 6, 12, "k", seen),
        ]);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("1")]
    public void GetOverlappingAPut_MaySeeTheOldOrTheNewValue(string? seen)
    {
        AssertLinearizable([Put(1, 0, 10, "k", "1"), Get(2, 5, 15, "k", seen)]);
    }

    [Fact]
    public void ConcurrentPutsThenReads_AgreeOnOneOrder()
    {
        // Both puts overlap; the reads after them establish 2 last, so the reads that saw 1 come before 2 took effect.
        AssertLinearizable(
        [
            Put(1, 0, 100, "k", "1"),
            Put(2, 0, 100, "k", "2"),
            Get(3, 10, 20, "k", "1"),
            Get(3, 30, 40, "k", "2"),
            Get(4, 10, 20, "k", "1"),
            Get(4, 30, 40, "k", "2"),
            Get(4, 200, 210, "k", "2"),
        ]);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("1")]
    public void PendingPut_MayOrMayNotHaveTakenEffect(string? seenLongAfter)
    {
        AssertLinearizable([Put(1, 0, null, "k", "1"), Get(2, 1000, 1010, "k", seenLongAfter)]);
    }

    [Fact]
    public void PendingPut_MayTakeEffectLongAfterItsCall()
    {
        // A pending operation's return is +infinity: it may take effect between any two later operations.
        AssertLinearizable(
        [
            Put(1, 0, null, "k", "1"),
            Get(2, 100, 110, "k", null),
            Put(2, 200, 210, "k", "2"),
            Get(2, 300, 310, "k", "2"),
            Get(2, 400, 410, "k", "1"),
        ]);
    }

    [Fact]
    public void PendingDelete_MayOrMayNotHaveTakenEffect()
    {
        AssertLinearizable(
        [
            Put(1, 0, 10, "k", "1"),
            Delete(2, 20, null, "k"),
            Get(1, 30, 40, "k", "1"),
            Get(1, 50, 60, "k", null),
        ]);
    }

    [Fact]
    public void PendingGet_ConstrainsNothing()
    {
        AssertLinearizable([PendingGet(1, 0, "k"), Put(2, 5, 10, "k", "1"), Get(2, 20, 30, "k", "1")]);
    }

    [Fact]
    public void BadRequest_ChangesNothing()
    {
        AssertLinearizable(
        [
            Put(1, 0, 10, "k", "1"),
            BadRequest(1, 20, 30, KvOperation.Put(Bytes("k"), Bytes("2"))),
            Get(2, 40, 50, "k", "1"),
        ]);
    }

    [Fact]
    public void DeleteConcurrentWithGets_EachGetSeesBeforeOrAfter()
    {
        AssertLinearizable(
        [
            Put(1, 0, 10, "k", "1"),
            Delete(1, 20, 60, "k"),
            Get(2, 25, 30, "k", "1"),
            Get(2, 35, 40, "k", null),
            Delete(3, 45, 50, "k", found: false),
        ]);
    }

    [Fact]
    public void CallAtTheSameTimeAsAReturn_CountsAsConcurrent()
    {
        // The get is called at the tick the put returns: the clock cannot order them, so the get may precede the put.
        AssertLinearizable([Put(1, 0, 10, "k", "1"), Get(2, 10, 20, "k", null)]);
    }

    [Fact]
    public void Keys_AreIndependent()
    {
        AssertLinearizable(
        [
            Put(1, 0, 10, "a", "1"),
            Put(2, 0, 10, "b", "1"),
            Get(1, 20, 30, "a", "1"),
            Get(2, 20, 30, "b", "1"),
            Get(3, 20, 30, "c", null),
        ]);
    }

    [Fact]
    public void StaleReadAfterACompletedPut_IsAViolation()
    {
        var violation = AssertViolation(
        [
            Put(1, 0, 10, "k", "1"),
            Put(1, 20, 30, "k", "2"),
            Get(2, 40, 50, "k", "1"),
        ]);

        Assert.Equal(2, violation.LongestPrefix.Count);
        Assert.Equal("it needs the value 31, but there is the value 32", Reason(violation, violation.Unplaced.Single()));
    }

    [Fact]
    public void GetOfAValueNeverWritten_IsAViolation()
    {
        var violation = AssertViolation([Put(1, 0, 10, "k", "1"), Get(2, 5, 15, "k", "9")]);

        Assert.Contains("it needs the value 39", violation.Explanation);
    }

    [Fact]
    public void LostAcknowledgedWrite_IsAViolation()
    {
        // The restarted-leader bug: a put was acknowledged, nothing deleted the key, and a later get finds nothing.
        var violation = AssertViolation(
        [
            Put(1, 0, 10, "k", "1"),
            Get(1, 20, 30, "k", "1"),
            Get(2, 40, 50, "k", null),
        ]);

        Assert.Equal("it needs no value, but there is the value 31", Reason(violation, violation.Unplaced.Single()));
    }

    [Fact]
    public void TwoReadersSeeingTwoWritesInOppositeOrders_IsAViolation()
    {
        AssertViolation(
        [
            Put(1, 0, 100, "k", "1"),
            Put(2, 0, 100, "k", "2"),
            Get(3, 10, 20, "k", "1"),
            Get(3, 30, 40, "k", "2"),
            Get(4, 10, 20, "k", "2"),
            Get(4, 30, 40, "k", "1"),
        ]);
    }

    [Fact]
    public void DeleteThatFoundAValueNeverWritten_IsAViolation()
    {
        AssertViolation([Delete(1, 0, 10, "k", found: true)]);
    }

    [Fact]
    public void PutAnsweredNotFound_IsAViolation()
    {
        var put = new KvHistoryOperation(1, 0, 10, KvOperation.Put(Bytes("k"), Bytes("1")), new KvReply(KvStatus.NotFound, []));

        var violation = AssertViolation([put]);

        Assert.Equal("the store never gives this reply to this request", Reason(violation, put));
    }

    [Fact]
    public void Violation_NamesOnlyTheFailingKey()
    {
        var result = KvLinearizabilityChecker.Check(
        [
            Put(1, 0, 10, "good", "1"),
            Get(1, 20, 30, "good", "1"),
            Put(2, 0, 10, "bad", "1"),
            Get(2, 20, 30, "bad", null),
        ]);

        Assert.Equal(LinearizabilityOutcome.NotLinearizable, result.Outcome);
        Assert.Equal(Bytes("bad"), Assert.Single(result.Violations).Key);
        Assert.StartsWith("not linearizable: 1 of 2 keys fail", result.Explanation);
        Assert.Contains("key 626164: no linearization of its 2 operations", result.Explanation);
    }

    [Fact]
    public void Explanation_ShowsTheEndOfTheLongestPrefixAndWhyNoNextOperationFits()
    {
        var history = Enumerable.Range(1, 7).Select(i => Put(1, 10 * i, 10 * i + 5, "k", $"{i}")).ToList();
        history.Add(Get(2, 100, 110, "k", "3"));
        history.Add(Get(3, 100, 110, "k", null));

        var violation = AssertViolation(history);

        Assert.Equal(
            """
            key 6b: no linearization of its 9 operations. The longest linearizable prefix has 7 operations, ending with:
              (2 operations before)
              client 1: put 6b=33 -> ok [call 30, return 35]
              client 1: put 6b=34 -> ok [call 40, return 45]
              client 1: put 6b=35 -> ok [call 50, return 55]
              client 1: put 6b=36 -> ok [call 60, return 65]
              client 1: put 6b=37 -> ok [call 70, return 75]
            After it there is the value 37, and none of the operations that could come next fits:
              client 2: get 6b -> ok 33 [call 100, return 110]: it needs the value 33, but there is the value 37
              client 3: get 6b -> not found [call 100, return 110]: it needs no value, but there is the value 37
            """.ReplaceLineEndings(), violation.Explanation);
        Assert.Equal(history[..7], violation.LongestPrefix);
        Assert.Equal(history[7..], violation.Unplaced);
    }

    [Fact]
    public void TimeBudgetRunOut_IsUnknownNeverLinearizable()
    {
        // A budget of zero: the search looks at the clock after a few thousand steps and gives up at once.
        var history = Enumerable.Range(0, 10_000).Select(i => Put(i % 8, i, i + 5, "k", $"{i}")).ToList();

        var result = KvLinearizabilityChecker.Check(history, TimeSpan.Zero);

        Assert.Equal(LinearizabilityOutcome.Unknown, result.Outcome);
        Assert.Equal(Bytes("k"), Assert.Single(result.UndecidedKeys));
        Assert.StartsWith("unknown: the time budget of 00:00:00 ran out with 1 of 1 keys undecided (6b)", result.Explanation);
    }

    private static void AssertLinearizable(List<KvHistoryOperation> history)
    {
        var result = KvLinearizabilityChecker.Check(history);
        Assert.True(result.Outcome == LinearizabilityOutcome.Linearizable, result.Explanation);
    }

    private static KeyViolation AssertViolation(List<KvHistoryOperation> history)
    {
        var result = KvLinearizabilityChecker.Check(history);
        Assert.True(result.Outcome == LinearizabilityOutcome.NotLinearizable, result.Explanation);
        return Assert.Single(result.Violations);
    }

    // The reason the explanation gives for one unplaced operation.
    private static string Reason(KeyViolation violation, KvHistoryOperation operation)
    {
        var prefix = $"  {operation}: ";
        var line = violation.Explanation.Split(Environment.NewLine).Single(l => l.StartsWith(prefix, StringComparison.Ordinal));
        return line[prefix.Length..];
    }
}
