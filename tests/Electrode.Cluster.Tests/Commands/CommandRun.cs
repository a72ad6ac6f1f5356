using System.Diagnostics;
using BpfSharp.Testing;
using Electrode.Cluster.Tests.Support;

namespace Electrode.Cluster.Tests.Commands;

/// <summary>Runs the built <c>electrode</c> command to its end, bounded in time.</summary>
internal static class CommandRun
{
    public static (int ExitCode, string Output, string Error) Electrode(TimeSpan limit, params string[] arguments)
    {
        var start = new ProcessStartInfo(FastPathModes.Executable);
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        return ExternalCommand.TryRun(start, limit);
    }
}
