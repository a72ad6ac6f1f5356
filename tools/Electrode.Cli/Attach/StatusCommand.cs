using System.CommandLine;
using Electrode.Vr.FastPath.Kernel.Attachment;

namespace Electrode.Cli.Attach;

/// <summary><c>electrode status</c>: what is attached, how it is configured, and what the fast paths counted.</summary>
internal sealed class StatusCommand : Command
{
    /// <summary>Printed after the options by <c>--help</c>.</summary>
    public const string Notes =
        """
        Shows, for the interface (or every attached interface of this network namespace): whether the programs attach
        made are still attached, their ids and XDP mode, the configuration (replica, cluster, fast paths), the control
        state the replica published and each program's counters (seen, passed, dropped, tx, fell back, and drops and
        fall-backs by reason), summed over CPUs. --json prints the same as a JSON array.
        Exits 0, or 1 when the interface given has nothing attached or the system does not allow reading it.
        """;

    private readonly Argument<string?> interfaceArgument = new("interface")
    {
        Description = "the network interface (default: every attached one)",
        Arity = ArgumentArity.ZeroOrOne,
    };

    private readonly Option<bool> jsonOption = new("--json") { Description = "print JSON" };

    public StatusCommand()
        : base("status", "show the attached fast paths, their configuration and counters")
    {
        Arguments.Add(interfaceArgument);
        Options.Add(jsonOption);
        SetAction(Run);
    }

    private int Run(ParseResult parsed)
    {
        KernelPreconditions.Ensure();
        var output = parsed.InvocationConfiguration.Output;
        string? name = parsed.GetValue(interfaceArgument);
        IReadOnlyList<AttachmentPaths> attached;
        if (name is null)
        {
            attached = AttachmentPaths.AllInCurrentNamespace();
        }
        else
        {
            var paths = AttachmentPaths.For(name);
            if (!Directory.Exists(paths.Directory))
                throw new AttachException($"nothing is attached to {name} in this network namespace (no pins at {paths.ShownDirectory})");
            attached = [paths];
        }
        var statuses = attached.Select(AttachmentStatus.Read).ToList();
        if (parsed.GetValue(jsonOption))
            StatusReport.WriteJson(output, statuses);
        else if (statuses.Count == 0)
            output.WriteLine("no interface of this network namespace has the electrode fast paths attached");
        else
            StatusReport.WriteText(output, statuses);
        return CommandLine.Ok;
    }
}
