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

    /// <summary>Empty replies, as the reference implementation's benchmark replica gives: to drive a cluster of those.</summary>
    public const string Null = "null";

    public static readonly IReadOnlyList<string> Names = [Echo, KeyValue, Null];

    /// <summary><c>--app echo|kv|null</c>, default echo; <paramref name="description"/> says what the choice means to the command.</summary>
    public static Option<string> CreateOption(string description) => new("--app")
    {
        HelpName = string.Join("|", Names),
        Description = description,
        DefaultValueFactory = _ => Echo,
        CustomParser = OptionValues.OneOf(Names),
    };

    public static IApp CreateApp(string name) => name switch
    {
        KeyValue => new KvStoreApp(),
        Null => new NullApp(),
        _ => new EchoApp(),
    };

    public static IWorkload CreateWorkload(string name) => name switch
    {
        KeyValue => new KvWorkload(),
        Null => new NullWorkload(),
        _ => new EchoWorkload(),
    };
}
