using System.Globalization;

namespace Electrode.Cli.Options;

/// <summary>
/// The options of one command line, read against the command's <see cref="OptionSpec"/>s. Each accessor throws a
/// <see cref="UsageException"/> naming the option when the value is missing or invalid.
/// </summary>
internal sealed class ParsedOptions
{
    private readonly Dictionary<OptionSpec, string> values;

    private ParsedOptions(Dictionary<OptionSpec, string> values) => this.values = values;

    /// <summary>True when <c>-h</c> or <c>--help</c> was given.</summary>
    public bool HelpRequested { get; private init; }

    /// <summary>Reads <paramref name="args"/> as '<c>name value</c>' pairs (or '<c>--name=value</c>').</summary>
    /// <exception cref="UsageException">An unknown option, a missing value, a repeated option or a stray argument.</exception>
    public static ParsedOptions Parse(IReadOnlyList<string> args, IReadOnlyList<OptionSpec> specs)
    {
        var values = new Dictionary<OptionSpec, string>();
        bool help = false;
        for (int i = 0; i < args.Count; i++)
        {
            string arg = args[i];
            if (arg is "-h" or "--help")
            {
                help = true;
                continue;
            }
            if (!arg.StartsWith('-') || arg == "-")
                throw new UsageException($"unexpected argument '{arg}'; options are given as '-x value'");
            string name = arg;
            string? value = null;
            int equals = arg.IndexOf('=');
            if (arg.StartsWith("--") && equals > 0)
            {
                name = arg[..equals];
                value = arg[(equals + 1)..];
            }
            var spec = specs.FirstOrDefault(s => s.Names.Contains(name))
                ?? throw new UsageException($"unknown option '{name}'");
            if (value is null)
            {
                if (i + 1 >= args.Count)
                    throw new UsageException($"option {spec.Name} needs a value <{spec.ValueName}>");
                value = args[++i];
            }
            if (!values.TryAdd(spec, value))
                throw new UsageException($"option {spec.Name} is given more than once");
        }
        return new ParsedOptions(values) { HelpRequested = help };
    }

    /// <summary>The value of a required option.</summary>
    public string Required(OptionSpec spec) =>
        values.TryGetValue(spec, out var value) ? value : throw new UsageException($"missing option {spec.Name} <{spec.ValueName}>");

    /// <summary>The value of an optional option, or null.</summary>
    public string? Optional(OptionSpec spec) => values.GetValueOrDefault(spec);

    /// <summary>A whole number in [min, max]; <paramref name="fallback"/> when absent (required when null).</summary>
    public int Integer(OptionSpec spec, int min, int max, int? fallback = null)
    {
        if (!values.TryGetValue(spec, out var text))
            return fallback ?? throw new UsageException($"missing option {spec.Name} <{spec.ValueName}>");
        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int value) || value < min || value > max)
            throw new UsageException($"option {spec.Name} takes a whole number from {min} to {max}, not '{text}'");
        return value;
    }

    /// <summary>A number of seconds in [0, max]; <paramref name="fallback"/> when absent.</summary>
    public TimeSpan Seconds(OptionSpec spec, double max, TimeSpan fallback)
    {
        if (!values.TryGetValue(spec, out var text))
            return fallback;
        if (!double.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out double seconds) || seconds > max)
            throw new UsageException($"option {spec.Name} takes a number of seconds from 0 to {max}, not '{text}'");
        return TimeSpan.FromSeconds(seconds);
    }

    /// <summary>One of <paramref name="choices"/>; <paramref name="fallback"/> when absent.</summary>
    public string Choice(OptionSpec spec, IReadOnlyList<string> choices, string fallback)
    {
        if (!values.TryGetValue(spec, out var text))
            return fallback;
        return choices.Contains(text)
            ? text
            : throw new UsageException($"option {spec.Name} takes one of {string.Join(", ", choices)}, not '{text}'");
    }
}
