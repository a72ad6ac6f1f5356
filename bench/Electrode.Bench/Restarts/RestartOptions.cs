using System.Globalization;

namespace Electrode.Bench.Restarts;

/// <summary>The options of the restart benchmark.</summary>
internal sealed record RestartOptions
{
    public const string Usage =
        "--runs R (default 10), --replicas N (default 3), --batch B (default 1), --clients C (default 8), --loss-ppm P (default 0), " +
        "--duplicate-ppm P (default 0), --kill-after S (default 2), --down S (default 3), --then S (default 3), --seed S (default 1), " +
        "--csv FILE (default restarts.csv)";

    public int Runs { get; private init; } = 10;
    public int Replicas { get; private init; } = 3;
    public int Batch { get; private init; } = 1;
    public int Clients { get; private init; } = 8;
    public uint LossPpm { get; private init; }
    public uint DuplicatePpm { get; private init; }
    public double KillAfterSeconds { get; private init; } = 2;
    public double DownSeconds { get; private init; } = 3;
    public double ThenSeconds { get; private init; } = 3;
    public ulong Seed { get; private init; } = 1;
    public string Csv { get; private init; } = "restarts.csv";

    /// <summary>The options, or null after printing one line naming the bad one.</summary>
    public static RestartOptions? Parse(string[] args)
    {
        var options = new RestartOptions();
        for (int i = 0; i < args.Length; i++)
        {
            string? value = i + 1 < args.Length ? args[i + 1] : null;
            RestartOptions? next = args[i] switch
            {
                "--runs" when int.TryParse(value, out int n) && n > 0 => options with { Runs = n },
                "--replicas" when int.TryParse(value, out int n) && n is >= 3 and <= 16 => options with { Replicas = n },
                "--batch" when int.TryParse(value, out int n) && n > 0 => options with { Batch = n },
                "--clients" when int.TryParse(value, out int n) && n > 0 => options with { Clients = n },
                "--loss-ppm" when uint.TryParse(value, out uint ppm) && ppm <= 1_000_000 => options with { LossPpm = ppm },
                "--duplicate-ppm" when uint.TryParse(value, out uint ppm) && ppm <= 1_000_000 => options with { DuplicatePpm = ppm },
                "--kill-after" when Seconds(value) is { } s => options with { KillAfterSeconds = s },
                "--down" when Seconds(value) is { } s => options with { DownSeconds = s },
                "--then" when Seconds(value) is { } s => options with { ThenSeconds = s },
                "--seed" when ulong.TryParse(value, out ulong seed) => options with { Seed = seed },
                "--csv" when value is not null => options with { Csv = value },
                _ => null,
            };
            if (next is null)
            {
                Console.Error.WriteLine($"Electrode.Bench restarts: bad option '{args[i]}' ({Usage})");
                return null;
            }
            options = next;
            i++;
        }
        return options;
    }

    private static double? Seconds(string? text) =>
        double.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out double s) && s <= 600 ? s : null;
}
