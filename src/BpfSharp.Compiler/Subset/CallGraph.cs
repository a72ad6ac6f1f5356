using Microsoft.CodeAnalysis;

namespace BpfSharp.Compiler.Subset;

/// <summary>Calls between the program's methods, with their sites; finds the calls that close a cycle (recursion).</summary>
internal sealed class CallGraph
{
    private readonly Dictionary<IMethodSymbol, List<(IMethodSymbol Callee, Location Site)>> _edges = new(SymbolEqualityComparer.Default);

    public void Add(IMethodSymbol caller, IMethodSymbol callee, Location site)
    {
        caller = caller.OriginalDefinition;
        if (!_edges.TryGetValue(caller, out var list)) _edges[caller] = list = [];
        list.Add((callee.OriginalDefinition, site));
    }

    /// <summary>The distinct methods <paramref name="caller"/> calls, in the order first called.</summary>
    public IEnumerable<IMethodSymbol> CalleesOf(IMethodSymbol caller) =>
        _edges.TryGetValue(caller.OriginalDefinition, out var calls)
            ? calls.Select(c => c.Callee).Distinct<IMethodSymbol>(SymbolEqualityComparer.Default)
            : [];

    /// <summary>Every call whose caller and callee lie on a common cycle, in the order calls were added.</summary>
    public IEnumerable<(IMethodSymbol Callee, Location Site)> CallsOnCycles()
    {
        var component = StronglyConnectedComponents();
        foreach (var (caller, calls) in _edges)
            foreach (var (callee, site) in calls)
                if (component.TryGetValue(callee, out int c) && c == component[caller]
                    && (SymbolEqualityComparer.Default.Equals(caller, callee) || ComponentSize(component, c) > 1))
                    yield return (callee, site);
    }

    private static int ComponentSize(Dictionary<IMethodSymbol, int> component, int id) => component.Values.Count(v => v == id);

    /// <summary>Tarjan's algorithm, iterative so that deep call chains cannot overflow the stack.</summary>
    private Dictionary<IMethodSymbol, int> StronglyConnectedComponents()
    {
        var index = new Dictionary<IMethodSymbol, int>(SymbolEqualityComparer.Default);
        var low = new Dictionary<IMethodSymbol, int>(SymbolEqualityComparer.Default);
        var onStack = new HashSet<IMethodSymbol>(SymbolEqualityComparer.Default);
        var stack = new Stack<IMethodSymbol>();
        var component = new Dictionary<IMethodSymbol, int>(SymbolEqualityComparer.Default);
        int next = 0, components = 0;

        IEnumerable<IMethodSymbol> Successors(IMethodSymbol m) =>
            _edges.TryGetValue(m, out var calls) ? calls.Select(c => c.Callee) : [];

        foreach (var root in _edges.Keys.ToList())
        {
            if (index.ContainsKey(root)) continue;
            var work = new Stack<(IMethodSymbol Node, IEnumerator<IMethodSymbol> Next)>();
            index[root] = low[root] = next++;
            stack.Push(root);
            onStack.Add(root);
            work.Push((root, Successors(root).GetEnumerator()));
            while (work.Count > 0)
            {
                var (node, successors) = work.Peek();
                if (successors.MoveNext())
                {
                    var s = successors.Current;
                    if (!index.ContainsKey(s))
                    {
                        index[s] = low[s] = next++;
                        stack.Push(s);
                        onStack.Add(s);
                        work.Push((s, Successors(s).GetEnumerator()));
                    }
                    else if (onStack.Contains(s))
                    {
                        low[node] = Math.Min(low[node], index[s]);
                    }
                    continue;
                }

                work.Pop();
                if (work.Count > 0)
                {
                    var parent = work.Peek().Node;
                    low[parent] = Math.Min(low[parent], low[node]);
                }

                if (low[node] == index[node])
                {
                    IMethodSymbol member;
                    do
                    {
                        member = stack.Pop();
                        onStack.Remove(member);
                        component[member] = components;
                    } while (!SymbolEqualityComparer.Default.Equals(member, node));
                    components++;
                }
            }
        }

        return component;
    }
}
