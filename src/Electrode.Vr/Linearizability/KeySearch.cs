using System.Diagnostics;

namespace Electrode.Vr.Linearizability;

/// <summary>
/// Wing and Gong's search for a linearization of one key's sub-history, with Lowe's memoization, as Porcupine does it.
/// The history is a doubly linked list of call and return events in time order. Walking it from the head, a call may
/// be linearized next if the model accepts its output; it is then lifted out of the list with its return, and the walk
/// restarts at the head. Reaching a return means the operation it closes must already have taken effect and did not:
/// the search backtracks to the last choice, puts that call back and tries the next one. The list empties exactly when
/// every operation is linearized. A cache of (linearized set, state) pairs already reached prunes the search: two
/// paths that linearized the same operations and left the same value have the same futures.
/// </summary>
internal sealed class KeySearch
{
    private const int Head = 0;
    private const int End = -1;
    // How many steps pass between looks at the clock: often enough to stop soon after the budget, rare enough to cost nothing.
    private const int StepsPerClockCheck = 4096;

    private readonly KeyHistory history;
    private readonly int[] next;
    private readonly int[] previous;
    private readonly int[] operationOf;
    // For a call node, the node of its return; End for a return node.
    private readonly int[] returnOf;

    public KeySearch(KeyHistory history)
    {
        this.history = history;
        var count = history.Operations.Length;
        var nodes = 2 * count + 1;
        next = new int[nodes];
        previous = new int[nodes];
        operationOf = new int[nodes];
        returnOf = new int[nodes];

        var events = new (long Time, bool IsReturn, int Operation)[2 * count];
        for (var i = 0; i < count; i++)
        {
            var operation = history.Operations[i];
            events[2 * i] = (operation.CallTime, false, i);
            // A pending operation returns at +infinity: it may take effect at any point after its call, or never,
            // which is the same as at the very end since nothing later observes it.
            events[2 * i + 1] = (operation.ReturnTime ?? long.MaxValue, true, i);
        }
        // At equal times a call sorts before a return: the clock cannot tell which came first, so the two operations
        // are taken as concurrent and either order is allowed. Returns first would impose an order the clock never saw
        // and could report a violation that did not happen.
        Array.Sort(events, (a, b) =>
            a.Time != b.Time ? a.Time.CompareTo(b.Time)
            : a.IsReturn != b.IsReturn ? a.IsReturn.CompareTo(b.IsReturn)
            : a.Operation.CompareTo(b.Operation));

        var callNode = new int[count];
        for (var node = 1; node < nodes; node++)
        {
            var (_, isReturn, operation) = events[node - 1];
            operationOf[node] = operation;
            returnOf[node] = End;
            if (isReturn) returnOf[callNode[operation]] = node;
            else callNode[operation] = node;
            previous[node] = node - 1;
            next[node - 1] = node;
        }
        next[nodes - 1] = End;
    }

    /// <summary>Searches until a linearization is found, every path has failed, or the clock passes <paramref name="deadline"/>
    /// (a <see cref="Stopwatch"/> timestamp).</summary>
    public KeySearchResult Run(long deadline)
    {
        var count = history.Operations.Length;
        var steps = history.Steps;
        var linearized = new LinearizedSet(count);
        var cache = new HashSet<CacheEntry>();
        var stackNode = new int[count];
        var stackState = new int[count];
        var depth = 0;
        var state = KeyStep.Absent;
        var longest = new KeySearchResult(LinearizabilityOutcome.NotLinearizable, [], KeyStep.Absent, []);
        var longestDepth = -1;
        var untilClockCheck = StepsPerClockCheck;

        var node = next[Head];
        while (next[Head] != End)
        {
            if (--untilClockCheck == 0)
            {
                if (Stopwatch.GetTimestamp() >= deadline)
                    return longest with { Outcome = LinearizabilityOutcome.Unknown };
                untilClockCheck = StepsPerClockCheck;
            }
            if (returnOf[node] != End)
            {
                var operation = operationOf[node];
                if (steps[operation].TryApply(state, out var nextState))
                {
                    linearized.Set(operation);
                    if (!cache.Contains(linearized.View(nextState)))
                    {
                        cache.Add(linearized.Snapshot(nextState));
                        stackNode[depth] = node;
                        stackState[depth] = state;
                        depth++;
                        state = nextState;
                        Lift(node);
                        node = next[Head];
                        continue;
                    }
                    linearized.Clear(operation);
                }
                node = next[node];
                continue;
            }

            // A return: its operation should have been linearized by now, and no choice made so far allows it.
            if (depth > longestDepth)
            {
                longestDepth = depth;
                longest = DeadEnd(stackNode, depth, state);
            }
            if (depth == 0) return longest;
            depth--;
            node = stackNode[depth];
            state = stackState[depth];
            linearized.Clear(operationOf[node]);
            Unlift(node);
            node = next[node];
        }
        return new KeySearchResult(LinearizabilityOutcome.Linearizable, [], state, []);
    }

    // The record of a dead end: the path that led here, and the calls before the first return, which could have
    // come next and did not fit or led nowhere.
    private KeySearchResult DeadEnd(int[] stackNode, int depth, int state)
    {
        var prefix = new int[depth];
        for (var i = 0; i < depth; i++) prefix[i] = operationOf[stackNode[i]];
        var candidates = new List<int>();
        for (var node = next[Head]; returnOf[node] != End; node = next[node]) candidates.Add(operationOf[node]);
        return new KeySearchResult(LinearizabilityOutcome.NotLinearizable, prefix, state, [.. candidates]);
    }

    // Takes a call and its return out of the list; their own links stay as they were, so Unlift can put them back.
    private void Lift(int call)
    {
        Unlink(call);
        Unlink(returnOf[call]);
    }

    // Undoes Lift, in the reverse order (the search always undoes its latest lift first).
    private void Unlift(int call)
    {
        Relink(returnOf[call]);
        Relink(call);
    }

    private void Unlink(int node)
    {
        next[previous[node]] = next[node];
        if (next[node] != End) previous[next[node]] = previous[node];
    }

    private void Relink(int node)
    {
        next[previous[node]] = node;
        if (next[node] != End) previous[next[node]] = node;
    }
}
