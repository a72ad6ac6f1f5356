using Electrode.Vr.Apps.KeyValue;
using Electrode.Vr.Linearizability;
using static Electrode.Vr.Tests.Linearizability.Ops;

namespace Electrode.Vr.Tests.Linearizability;

/// <summary>
/// The checker against the definition itself: for small random histories of one key, some order of all operations
/// that respects real time (an operation that returned before another was called comes first; equal times order
/// nothing) and in which every completed operation's reply is the one <see cref="KvStoreApp"/> gives, exists exactly when the checker says
/// linearizable. A pending operation may go anywhere its call allows; at the end it is as good as never done.
/// </summary>
public class BruteForceAgreementTests
{
    [Fact]
    public void RandomSmallHistories_GetTheVerdictOfTryingEveryOrder()
    {
        var random = new Random(7);
        var verdicts = new int[2];
        for (var round = 0; round < 600; round++)
        {
            var history = RandomHistory(random);
            var expected = SomeOrderWorks(history);

            var result = KvLinearizabilityChecker.Check(history);

            Assert.True(expected == (result.Outcome == LinearizabilityOutcome.Linearizable),
                $"round {round}: expected {(expected ? "linearizable" : "a violation")}, got {result.Explanation}\n" + string.Join("\n", history));
            verdicts[expected ? 1 : 0]++;
        }
        // Both verdicts occur often enough for the agreement to mean something.
        Assert.All(verdicts, count => Assert.True(count > 100, $"{verdicts[0]} violations, {verdicts[1]} linearizable"));
    }

    private static List<KvHistoryOperation> RandomHistory(Random random)
    {
        var history = new List<KvHistoryOperation>();
        for (var i = random.Next(1, 8); i > 0; i--)
        {
            long call = random.Next(20);
            long? ret = random.Next(7) == 0 ? null : call + random.Next(10);
            history.Add(random.Next(3) switch
            {
                0 => Put(i, call, ret, "k", $"{random.Next(1, 3)}"),
                1 when ret is null => PendingGet(i, call, "k"),
                1 => Get(i, call, ret.Value, "k", random.Next(3) == 0 ? null : $"{random.Next(1, 3)}"),
                _ => Delete(i, call, ret, "k", found: random.Next(2) == 0),
            });
        }
        return history;
    }

    private static bool SomeOrderWorks(List<KvHistoryOperation> history) =>
        Orders(history.Count).Any(order => RespectsRealTime(history, order) && RepliesMatch(history, order));

    private static IEnumerable<int[]> Orders(int count)
    {
        if (count == 0)
        {
            yield return [];
            yield break;
        }
        foreach (var rest in Orders(count - 1))
        {
            for (var at = 0; at <= rest.Length; at++) yield return [.. rest[..at], count - 1, .. rest[at..]];
        }
    }

    private static bool RespectsRealTime(List<KvHistoryOperation> history, int[] order)
    {
        for (var i = 0; i < order.Length; i++)
        {
            for (var j = i + 1; j < order.Length; j++)
            {
                if (history[order[j]].ReturnTime < history[order[i]].CallTime) return false;
            }
        }
        return true;
    }

    // The replies come from the replicated application itself, so the checker's model of it is checked too.
    private static bool RepliesMatch(List<KvHistoryOperation> history, int[] order)
    {
        var store = new KvStoreApp();
        foreach (var operation in order.Select(i => history[i]))
        {
            Assert.True(KvReply.TryDecode(store.Execute(1, operation.Input.Encode()), out var reply));
            if (operation.Output is { } output && (output.Status != reply!.Status || !output.Value.SequenceEqual(reply.Value))) return false;
        }
        return true;
    }
}
