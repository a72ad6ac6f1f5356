using System.CommandLine;
using Electrode.Cli.Options;
using Electrode.Vr.Apps;
using Electrode.Vr.Apps.KeyValue;

namespace Electrode.Cli.Apps;

/// <summary>The replicated applications the command line offers, by name, with the client workload that drives each.</summary>
internal static class AppChoice
{
    public const string Echo = "echo";
    public const string KeyValue = "kv";

    public static readonly IReadOnlyList<string> Names = [Echo, KeyValue];

    /// <summary><c>--app echo|kv</c>, default echo; <paramref name="description"/> says what the choice means to the command.</summary>
    public static Option<string> CreateOption(string description) => new("--app")
    {
        HelpName = string.Join("|", Names),
        Description = description,
        DefaultValueFactory = _ => Echo,
        CustomParser = OptionValues.OneOf(Names),
    };

    public static IApp CreateApp(string name) => name == KeyValue ? new KvStoreApp() : new EchoApp();

    public static IWorkload CreateWorkload(string name) => name == KeyValue ? new KvWorkload() : new EchoWorkload();
}
