namespace BpfSharp.Loader;

/// <summary>The native libbpf library (<c>libbpf.so.1</c>) could not be loaded.</summary>
public sealed class LibbpfNotFoundException : BpfException
{
    /// <summary>Creates the exception, keeping the loader's original failure as the inner exception.</summary>
    public LibbpfNotFoundException(Exception? inner = null)
        : base("libbpf.so.1 could not be loaded: install it with `sudo apt-get install libbpf1` (Debian 12 ships 1.1).", 0, inner)
    {
    }
}
