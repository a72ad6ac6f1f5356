using BpfSharp.Loader;
using Electrode.Programs.Layout;
using Electrode.Vr.Transport;

namespace Electrode.Cli.Attach;

/// <summary>What <c>electrode attach</c> was asked to do.</summary>
internal sealed record AttachSettings(
    string InterfaceName,
    ClusterConfiguration Cluster,
    string ClusterPath,
    int Index,
    FastPaths EnabledPaths,
    XdpAttachMode XdpMode,
    string ObjectPath,
    bool PreparePeer);
