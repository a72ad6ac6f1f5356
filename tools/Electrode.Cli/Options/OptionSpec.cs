namespace Electrode.Cli.Options;

/// <summary>One option a command accepts; every option takes a value.</summary>
/// <param name="Names">Spellings, short first (for example "-c", "--cluster").</param>
/// <param name="ValueName">Placeholder shown in help, for example "file".</param>
/// <param name="Description">One line of help.</param>
internal sealed record OptionSpec(string[] Names, string ValueName, string Description)
{
    /// <summary>The name used in messages: the longest spelling.</summary>
    public string Name => Names[^1];

    /// <summary>The help line of this option.</summary>
    public string HelpLine => $"  {string.Join(", ", Names)} <{ValueName}>".PadRight(30) + Description;
}
