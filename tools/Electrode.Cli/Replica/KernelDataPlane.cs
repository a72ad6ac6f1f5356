using BpfSharp.Loader;
using Electrode.Programs.Layout;
using Electrode.Vr.FastPath.Kernel;

namespace Electrode.Cli.Replica;

/// <summary>
/// The kernel data plane a replica runs on with <c>--fast-path kernel</c>: the maps of the Electrode object attached to
/// its interface, opened from their pins.
/// </summary>
internal static class KernelDataPlane
{
    /// <summary>The fast paths a replica enables on the attached object.</summary>
    public const FastPaths Enabled = FastPaths.FastReply | FastPaths.QuorumPrune;

    /// <summary>Where the object attached to <paramref name="interfaceName"/> keeps its pinned maps.</summary>
    public static string PinDirectory(string interfaceName) => Path.Combine("/sys/fs/bpf/electrode", interfaceName);

    /// <summary>The maps of the object attached to <paramref name="interfaceName"/>.</summary>
    /// <exception cref="FastPathUnavailableException">Nothing is attached there, or the maps cannot be opened.</exception>
    public static KernelFastPathMaps OpenMaps(string interfaceName)
    {
        try
        {
            return KernelFastPathMaps.OpenPinned(PinDirectory(interfaceName));
        }
        catch (BpfException e)
        {
            throw new FastPathUnavailableException(
                $"no Electrode data plane attached to {interfaceName} ({e.Message}); attach it to that interface first, or run with --fast-path none");
        }
    }
}

/// <summary>The kernel data plane a replica was asked to run on cannot be used.</summary>
internal sealed class FastPathUnavailableException(string message) : Exception(message);
