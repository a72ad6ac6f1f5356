using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;

namespace BpfSharp.Compiler.CommandLine;

/// <summary>
/// The references a compiled assembly reaches: those it names, those they name, and so on. A project references the whole
/// framework (about 170 assemblies) and Roslyn reads the metadata of every one it is given; the BpfSharp compiler binds
/// only code the C# compiler has already bound, whose assembly names what that code uses, so the closure is enough and
/// a cold compile spends about 50 ms less loading the rest.
/// </summary>
internal static class ReferenceClosure
{
    /// <summary>
    /// The paths among <paramref name="references"/> that <paramref name="compiledAssembly"/> reaches, in their given order;
    /// null when the assembly cannot be read or names an assembly that no reference's file name matches (a renamed file,
    /// a facade): the caller then uses every reference.
    /// </summary>
    public static IReadOnlyList<string>? Of(string compiledAssembly, IReadOnlyList<string> references)
    {
        var byName = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (string reference in references)
            byName.TryAdd(Path.GetFileNameWithoutExtension(reference), reference);

        var reached = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Stack<string>([compiledAssembly]);
        while (pending.TryPop(out string? assembly))
        {
            if (ReferencedNames(assembly) is not { } names) return null;
            foreach (string name in names)
            {
                if (!byName.TryGetValue(name, out string? path)) return null;
                if (reached.Add(path)) pending.Push(path);
            }
        }

        return references.Where(reached.Contains).ToList();
    }

    private static List<string>? ReferencedNames(string assembly)
    {
        try
        {
            using var image = new PEReader(File.OpenRead(assembly));
            if (!image.HasMetadata) return null;
            var metadata = image.GetMetadataReader();
            return metadata.AssemblyReferences.Select(handle => metadata.GetString(metadata.GetAssemblyReference(handle).Name)).ToList();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or BadImageFormatException)
        {
            return null;
        }
    }
}
