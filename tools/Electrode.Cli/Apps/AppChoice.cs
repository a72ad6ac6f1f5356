using Electrode.Vr.Apps;
using Electrode.Vr.Apps.KeyValue;

namespace Electrode.Cli.Apps;

/// <summary>The replicated applications the command line offers, by name, with the client workload that drives each.</summary>
internal static class AppChoice
{
    public const string Echo = "echo";
    public const string KeyValue = "kv";

    public static readonly IReadOnlyList<string> Names = [Echo, KeyValue];

    public static IApp CreateApp(string name) => name == KeyValue ? new KvStoreApp() : new EchoApp();

    public static IWorkload CreateWorkload(string name) => name == KeyValue ? new KvWorkload() : new EchoWorkload();
}
