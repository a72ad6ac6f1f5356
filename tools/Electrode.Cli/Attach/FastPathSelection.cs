using Electrode.Programs.Layout;

namespace Electrode.Cli.Attach;

/// <summary>The <c>--fast-paths</c> value: <c>all</c>, <c>none</c>, or a comma-separated list of broadcast, prune, reply.</summary>
internal static class FastPathSelection
{
    private static readonly (string Name, FastPaths Path)[] Names =
        [("broadcast", FastPaths.Broadcast), ("prune", FastPaths.QuorumPrune), ("reply", FastPaths.FastReply)];

    /// <summary>The paths <paramref name="text"/> names, or null when it names something else.</summary>
    public static FastPaths? Parse(string text)
    {
        if (text == "all")
            return FastPaths.All;
        if (text == "none")
            return FastPaths.None;
        var paths = FastPaths.None;
        foreach (var word in text.Split(','))
        {
            var match = Names.FirstOrDefault(n => n.Name == word);
            if (match.Name is null)
                return null;
            paths |= match.Path;
        }
        return paths;
    }

    /// <summary>How <c>--fast-paths</c> would name <paramref name="paths"/>.</summary>
    public static string Format(FastPaths paths) => paths switch
    {
        FastPaths.None => "none",
        _ => string.Join(',', Names.Where(n => (paths & n.Path) != 0).Select(n => n.Name)),
    };
}
