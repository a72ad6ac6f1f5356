using System.CommandLine;
using BpfSharp.Loader;
using Electrode.Cli.Cluster;
using Electrode.Cli.Options;
using Electrode.Programs;
using Electrode.Vr.Transport;

namespace Electrode.Cli.Attach;

/// <summary><c>electrode attach</c>: the kernel fast paths on an interface, pinned so they outlive the command.</summary>
internal sealed class AttachCommand : Command
{
    /// <summary>The object <c>dotnet build</c> puts beside the command.</summary>
    public static string DefaultObjectPath => ElectrodeObject.DefaultPath;

    /// <summary>Printed after the options by <c>--help</c>.</summary>
    public const string Notes =
        $"""
        Loads electrode.bpf.o, fills its replica table (MACs from the cluster file, else from this namespace's own
        interfaces and neighbour table) and a control state that stays non-normal until the replica publishes its own
        (electrode replica --fast-path kernel), attaches what the enabled paths run (the ingress dispatcher, XDP, for
        prune or reply; the broadcast program, TC egress, for broadcast or prune), and pins maps, programs and a record
        of what it did under /sys/fs/bpf/electrode/<interface> (electrode/netns:<name>/<interface> in another network
        namespace). Attaching again replaces the programs in place and keeps the maps, so a running replica carries
        on. 'electrode detach <interface>' undoes it.

        {ClusterFile.FormatHelp}

        Exits 0 when attached, 1 when the system does not allow it (not root, a kernel without a feature, another
        XDP program on the interface, an unknown MAC), 2 on bad usage, a bad cluster file, an unknown interface or a
        missing object.
        """;

    private readonly Argument<string> interfaceArgument = new("interface") { Description = "the network interface (of this network namespace)" };

    private readonly Option<string> clusterOption = ClusterFile.CreateOption();

    private readonly Option<int> indexOption = ClusterFile.CreateIndexOption();

    private readonly Option<string> fastPathsOption = new("--fast-paths")
    {
        HelpName = "broadcast,prune,reply|all|none",
        Description = "fast paths enabled",
        DefaultValueFactory = _ => "all",
        CustomParser = result => FastPathSelection.Parse(result.Tokens[0].Value) is not null
            ? result.Tokens[0].Value
            : Refuse(result, "all, none or a list of broadcast, prune, reply separated by commas"),
    };

    private readonly Option<string> xdpModeOption = SharedOptions.XdpMode("native");

    private readonly Option<string> objectOption = new("--object")
    {
        HelpName = "path",
        Description = "the BPF object (default: electrode.bpf.o beside this command)",
    };

    private readonly Option<bool> preparePeerOption = new("--prepare-peer")
    {
        Description = "on a veth in native mode, put an XDP_PASS program on its other end (needed for XDP_TX replies)",
    };

    public AttachCommand()
        : base("attach", "attach the kernel fast paths to an interface, pinned under /sys/fs/bpf/electrode")
    {
        Arguments.Add(interfaceArgument);
        Options.Add(clusterOption);
        Options.Add(indexOption);
        Options.Add(fastPathsOption);
        Options.Add(xdpModeOption);
        Options.Add(objectOption);
        Options.Add(preparePeerOption);
        SetAction(Run);
    }

    private int Run(ParseResult parsed)
    {
        string clusterPath = parsed.GetRequiredValue(clusterOption);
        int index = parsed.GetValue(indexOption);
        string objectPath = parsed.GetValue(objectOption) ?? DefaultObjectPath;
        var cluster = ClusterFile.Load(clusterPath);
        ClusterFile.CheckIndex(cluster, index, clusterPath);
        if (!File.Exists(objectPath))
            throw new UsageException(parsed.GetValue(objectOption) is null
                ? $"no BPF object at {objectPath}: build it with `dotnet build` (it writes electrode.bpf.o beside the command) or give --object <path>"
                : $"no BPF object at {objectPath}: build it with `dotnet build src/Electrode.Programs` or correct --object");
        KernelPreconditions.Ensure();
        var settings = new AttachSettings(
            parsed.GetRequiredValue(interfaceArgument), cluster, clusterPath, index,
            FastPathSelection.Parse(parsed.GetRequiredValue(fastPathsOption))!.Value,
            parsed.GetRequiredValue(xdpModeOption) == "generic" ? XdpAttachMode.Generic : XdpAttachMode.Native,
            objectPath, parsed.GetValue(preparePeerOption));
        new FastPathAttacher(parsed.InvocationConfiguration.Output).Attach(settings);
        return CommandLine.Ok;
    }

    private static string? Refuse(System.CommandLine.Parsing.ArgumentResult result, string expected)
    {
        result.AddError($"option {((System.CommandLine.Parsing.OptionResult)result.Parent!).Option.Name} takes {expected}, not '{result.Tokens[0].Value}'");
        return null;
    }
}
