using Electrode.Vr.Apps;

namespace Electrode.Vr.Tests.Scenarios;

/// <summary>End-of-run checks over what the replicas executed.</summary>
internal static class ExecutionChecks
{
    /// <summary>Every listed replica executed exactly <paramref name="expected"/>, in that order.</summary>
    public static void AssertExecuted(VrCluster cluster, IEnumerable<int> replicas, IReadOnlyList<string> expected, string context = "")
    {
        foreach (var i in replicas)
            Assert.True(expected.SequenceEqual(cluster.Apps[i].Ops),
                $"{context}replica {i} executed [{string.Join(", ", cluster.Apps[i].Ops)}], expected [{string.Join(", ", expected)}]");
    }

    /// <summary>
    /// The replicas agree: each executed sequence is a prefix of the longest one, no operation was executed twice,
    /// and the listed full replicas executed all <paramref name="expectedCount"/> operations.
    /// </summary>
    public static void AssertConsistent(IReadOnlyList<EchoApp> apps, IEnumerable<int> fullReplicas, int expectedCount, string context)
    {
        var longest = apps.Select(a => a.Ops).MaxBy(o => o.Count)!;
        for (var i = 0; i < apps.Count; i++)
        {
            var ops = apps[i].Ops;
            var divergence = Enumerable.Range(0, ops.Count).FirstOrDefault(k => ops[k] != longest[k], -1);
            if (divergence >= 0)
                Assert.Fail($"{context}replica {i} diverges at op {divergence + 1}: '{ops[divergence]}' vs '{longest[divergence]}'");
        }
        var duplicates = longest.GroupBy(o => o).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        Assert.True(duplicates.Count == 0, $"{context}executed more than once: {string.Join(", ", duplicates.Take(10))}");
        foreach (var i in fullReplicas)
            Assert.True(apps[i].Ops.Count == expectedCount, $"{context}replica {i} executed {apps[i].Ops.Count} ops, expected {expectedCount}");
    }

    /// <summary>Each driver's requests appear in the executed sequence in the order it sent them.</summary>
    public static void AssertClientOrder(IReadOnlyList<string> executed, IReadOnlyList<ClientDriver> drivers, string context)
    {
        var position = executed.Select((op, k) => (op, k)).ToDictionary(x => x.op, x => x.k);
        foreach (var driver in drivers)
        {
            var positions = driver.Answers.Select(a => position.TryGetValue(a.Request, out var p) ? p : -1).ToList();
            Assert.True(positions.All(p => p >= 0), $"{context}a request answered to the client was never executed");
            Assert.True(positions.SequenceEqual(positions.Order()), $"{context}a client's requests executed out of order");
        }
    }
}
