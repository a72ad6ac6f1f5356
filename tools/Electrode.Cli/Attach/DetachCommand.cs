using System.CommandLine;

namespace Electrode.Cli.Attach;

/// <summary><c>electrode detach</c>: undoes exactly what <c>electrode attach</c> did on an interface.</summary>
internal sealed class DetachCommand : Command
{
    /// <summary>Printed after the options by <c>--help</c>.</summary>
    public const string Notes =
        """
        Removes what 'electrode attach' recorded for the interface in this network namespace: its XDP program (only
        if it is still the one attached), its TC egress filter, the clsact qdisc only if attach created it, then the
        pins and their directory. Run it the way attach ran (inside 'ip netns exec <name>' for a namespace).
        Exits 0 when detached, 1 when nothing was attached or the system does not allow it, 2 on bad usage.
        """;

    private readonly Argument<string> interfaceArgument = new("interface") { Description = "the network interface (of this network namespace)" };

    public DetachCommand()
        : base("detach", "remove what 'electrode attach' made on an interface")
    {
        Arguments.Add(interfaceArgument);
        SetAction(Run);
    }

    private int Run(ParseResult parsed)
    {
        KernelPreconditions.Ensure();
        new FastPathDetacher(parsed.InvocationConfiguration.Output).Detach(parsed.GetRequiredValue(interfaceArgument));
        return CommandLine.Ok;
    }
}
