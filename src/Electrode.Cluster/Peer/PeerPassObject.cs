using BpfSharp.Loader;

namespace Electrode.Cluster.Peer;

/// <summary><c>electrode-peer.bpf.o</c> loaded: the <see cref="Electrode.PeerPass.PeerPass.PassToStack"/> program, ready to attach to veth ends.</summary>
public sealed class PeerPassObject : IDisposable
{
    /// <summary>The object's file name, as the build copies it beside every project that references Electrode.PeerPass.</summary>
    public const string ObjectFileName = "electrode-peer.bpf.o";

    private readonly BpfObject opened;
    private readonly LoadedBpfObject loaded;

    private PeerPassObject(BpfObject opened, LoadedBpfObject loaded)
    {
        this.opened = opened;
        this.loaded = loaded;
    }

    /// <summary>The loaded program.</summary>
    public BpfProgram Program => loaded.Program(nameof(Electrode.PeerPass.PeerPass.PassToStack));

    /// <summary>Loads the object beside the running application.</summary>
    /// <exception cref="ClusterException">The object file is missing.</exception>
    /// <exception cref="BpfException">The kernel refused it.</exception>
    public static PeerPassObject Load()
    {
        string path = Path.Combine(AppContext.BaseDirectory, ObjectFileName);
        if (!File.Exists(path))
            throw new ClusterException($"{path} is missing: build Electrode.PeerPass (dotnet build), which writes it beside every project that references it");
        var opened = BpfObject.Open(path);
        try
        {
            return new PeerPassObject(opened, opened.Load());
        }
        catch
        {
            opened.Dispose();
            throw;
        }
    }

    /// <summary>Closes the object; attachments keep their program until detached.</summary>
    public void Dispose()
    {
        loaded.Dispose();
        opened.Dispose();
    }
}
