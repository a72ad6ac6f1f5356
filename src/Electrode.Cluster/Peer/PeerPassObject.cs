using BpfSharp.Loader;
using Electrode.PeerPass;

namespace Electrode.Cluster.Peer;

/// <summary><c>electrode-peer.bpf.o</c> loaded: the <see cref="Electrode.PeerPass.PeerPass.PassToStack"/> program, ready to attach to veth ends.</summary>
public sealed class PeerPassObject : IDisposable
{
    /// <summary>The object's file name, as the build copies it beside every project that references Electrode.PeerPass.</summary>
    public const string ObjectFileName = ElectrodePeerObject.FileName;

    private readonly ElectrodePeerSkeleton loaded;

    private PeerPassObject(ElectrodePeerSkeleton loaded) => this.loaded = loaded;

    /// <summary>The loaded program.</summary>
    public BpfProgram Program => loaded.Programs.PassToStack;

    /// <summary>Loads the object beside the running application.</summary>
    /// <exception cref="ClusterException">The object file is missing.</exception>
    /// <exception cref="BpfException">The kernel refused it.</exception>
    public static PeerPassObject Load()
    {
        if (!File.Exists(ElectrodePeerObject.DefaultPath))
            throw new ClusterException($"{ElectrodePeerObject.DefaultPath} is missing: build Electrode.PeerPass (dotnet build), which writes it beside every project that references it");
        return new PeerPassObject(ElectrodePeerSkeleton.Load());
    }

    /// <summary>Closes the object; attachments keep their program until detached.</summary>
    public void Dispose() => loaded.Dispose();
}
