namespace Electrode.Cli.Options;

/// <summary>
/// The known name a mistyped one most likely meant, for "did you mean ...?". The library has typo correction too, but
/// only inside its own error report (several lines, on standard output), which the commands do not use.
/// </summary>
internal static class NearestName
{
    /// <summary>
    /// The name of <paramref name="known"/> closest to <paramref name="typed"/>, the first of equally close ones, or
    /// null when none is within one edit per three characters typed (at least one): a short word is a small edit
    /// away from every other short word, and suggesting one of them would be noise.
    /// </summary>
    public static string? To(string typed, IEnumerable<string> known)
    {
        int allowed = Math.Max(1, typed.Length / 3);
        string? nearest = null;
        int nearestDistance = int.MaxValue;
        foreach (var name in known)
        {
            int distance = Distance(typed, name);
            if (distance <= allowed && distance < nearestDistance)
                (nearest, nearestDistance) = (name, distance);
        }
        return nearest;
    }

    /// <summary>
    /// Edits (insert, delete, replace, or swap two neighbours) that turn <paramref name="a"/> into <paramref name="b"/>:
    /// optimal string alignment distance. Swapped neighbours count once because they are the commonest typo ('--idnex').
    /// </summary>
    public static int Distance(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (int i = 0; i <= a.Length; i++)
            d[i, 0] = i;
        for (int j = 0; j <= b.Length; j++)
            d[0, j] = j;
        for (int i = 1; i <= a.Length; i++)
        {
            for (int j = 1; j <= b.Length; j++)
            {
                int replace = a[i - 1] == b[j - 1] ? 0 : 1;
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + replace);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                    d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
            }
        }
        return d[a.Length, b.Length];
    }
}
