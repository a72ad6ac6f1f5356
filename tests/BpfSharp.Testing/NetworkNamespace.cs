namespace BpfSharp.Testing;

/// <summary>A uniquely named network namespace (ip netns), deleted on dispose.</summary>
public sealed class NetworkNamespace : IDisposable
{
    private bool disposed;

    private NetworkNamespace(string name) => Name = name;

    /// <summary>The namespace's name.</summary>
    public string Name { get; }

    /// <summary>Creates a namespace named "bst-" and a unique suffix, with its loopback up.</summary>
    public static NetworkNamespace Create()
    {
        var ns = new NetworkNamespace("bst-" + Guid.NewGuid().ToString("N")[..10]);
        ExternalCommand.Run("ip", "netns", "add", ns.Name);
        try
        {
            ns.Ip("link", "set", "lo", "up");
        }
        catch
        {
            ns.Dispose();
            throw;
        }
        return ns;
    }

    /// <summary>Runs <c>ip -n NAME ...</c> inside the namespace and returns its output.</summary>
    public string Ip(params string[] arguments) => ExternalCommand.Run("ip", ["-n", Name, .. arguments]);

    /// <summary>Deletes the namespace (and the interfaces inside it).</summary>
    public void Dispose()
    {
        if (disposed)
            return;
        disposed = true;
        ExternalCommand.Run("ip", "netns", "delete", Name);
    }
}
