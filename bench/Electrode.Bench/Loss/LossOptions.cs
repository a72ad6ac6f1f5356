using System.Globalization;

namespace Electrode.Bench.Loss;

/// <summary>The options of the loss benchmark.</summary>
internal sealed record LossOptions
{
    public const string Usage =
        "--loss-ppm P (default 50000), --duplicate-ppm P (default 0), --requests N (default 10000), --clients C (default 8), " +
        "--seed S (default 1), --warmup S (default 1), --deadline S per client run (default 600), --csv FILE (default loss.csv)";

    public uint LossPpm { get; private init; } = 50_000;
    public uint DuplicatePpm { get; private init; }
    public int Requests { get; private init; } = 10_000;
    public int Clients { get; private init; } = 8;
    public ulong Seed { get; private init; } = 1;
    public double WarmupSeconds { get; private init; } = 1;
    public int DeadlineSeconds { get; private init; } = 600;
    public string Csv { get; private init; } = "loss.csv";

    /// <summary>The options, or null after printing one line naming the bad one.</summary>
    public static LossOptions? Parse(string[] args)
    {
        var options = new LossOptions();
        for (int i = 0; i < args.Length; i++)
        {
            string? value = i + 1 < args.Length ? args[i + 1] : null;
            LossOptions? next = args[i] switch
            {
                "--loss-ppm" when uint.TryParse(value, out uint ppm) && ppm <= 1_000_000 => options with { LossPpm = ppm },
                "--duplicate-ppm" when uint.TryParse(value, out uint ppm) && ppm <= 1_000_000 => options with { DuplicatePpm = ppm },
                "--requests" when int.TryParse(value, out int n) && n > 0 => options with { Requests = n },
                "--clients" when int.TryParse(value, out int c) && c > 0 => options with { Clients = c },
                "--seed" when ulong.TryParse(value, out ulong seed) => options with { Seed = seed },
                "--warmup" when double.TryParse(value, CultureInfo.InvariantCulture, out double s) && s >= 0 => options with { WarmupSeconds = s },
                "--deadline" when int.TryParse(value, out int s) && s > 0 => options with { DeadlineSeconds = s },
                "--csv" when value is not null => options with { Csv = value },
                _ => null,
            };
            if (next is null)
            {
                Console.Error.WriteLine($"Electrode.Bench loss: bad option '{args[i]}' ({Usage})");
                return null;
            }
            options = next;
            i++;
        }
        if (options.Clients > options.Requests)
        {
            Console.Error.WriteLine($"Electrode.Bench loss: --clients ({options.Clients}) exceeds --requests ({options.Requests}); every client needs a request");
            return null;
        }
        return options;
    }
}
