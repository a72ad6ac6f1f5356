using System.CommandLine;

namespace Electrode.Cli.Options;

/// <summary>Options several commands take, declared once so that they read and parse alike everywhere.</summary>
internal static class SharedOptions
{
    /// <summary><c>--xdp-mode native|generic</c>.</summary>
    public static Option<string> XdpMode(string byDefault) => new("--xdp-mode")
    {
        HelpName = "native|generic",
        Description = "where the XDP programs run",
        DefaultValueFactory = _ => byDefault,
        CustomParser = OptionValues.OneOf(["native", "generic"]),
    };

    /// <summary><c>--seconds</c>: how long a run is measured.</summary>
    public static Option<double> MeasuredSeconds(double byDefault) => new("--seconds")
    {
        HelpName = "seconds",
        Description = "measured load per run",
        DefaultValueFactory = _ => byDefault,
        CustomParser = OptionValues.Seconds(600),
    };

    /// <summary><c>--warmup</c>: unmeasured load before the measured part, at most <paramref name="atMostSeconds"/>.</summary>
    public static Option<double> Warmup(double byDefault, double atMostSeconds, string description = "unmeasured load before each run") => new("--warmup")
    {
        HelpName = "seconds",
        Description = description,
        DefaultValueFactory = _ => byDefault,
        CustomParser = OptionValues.Seconds(atMostSeconds),
    };
}
