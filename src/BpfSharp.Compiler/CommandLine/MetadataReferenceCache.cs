using System.Security.Cryptography;
using Microsoft.CodeAnalysis;

namespace BpfSharp.Compiler.CommandLine;

/// <summary>
/// Referenced assemblies of the compiler server, kept between compiles so that Roslyn reuses their metadata and
/// symbols instead of loading them again. Every use reads the file and hashes its bytes: the kept reference is used only
/// when they hash as before, else one is made from the bytes just read, so a changed reference is never served stale.
/// </summary>
internal sealed class MetadataReferenceCache
{
    /// <summary>More distinct paths than any build uses: past it the cache starts afresh rather than grow without end.</summary>
    private const int Capacity = 4096;

    private readonly Dictionary<string, (byte[] Hash, MetadataReference Reference)> _references = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    /// <summary>The reference for the assembly at <paramref name="path"/> as its bytes are now.</summary>
    /// <exception cref="IOException">The file cannot be read.</exception>
    public MetadataReference Load(string path)
    {
        string full = Path.GetFullPath(path);
        byte[] image = File.ReadAllBytes(full);
        byte[] hash = SHA256.HashData(image);
        lock (_lock)
        {
            if (_references.TryGetValue(full, out var kept) && kept.Hash.AsSpan().SequenceEqual(hash))
                return kept.Reference;
            if (_references.Count >= Capacity)
                _references.Clear();
            var reference = MetadataReference.CreateFromImage(image, filePath: full);
            _references[full] = (hash, reference);
            return reference;
        }
    }
}
