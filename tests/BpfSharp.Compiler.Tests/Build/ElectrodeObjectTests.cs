using System.Reflection;
using System.Runtime.CompilerServices;
using BpfSharp.Loader;
using BpfSharp.Testing;

namespace BpfSharp.Compiler.Tests.Build;

/// <summary>The object that `dotnet build src/Electrode.Programs` writes (copied here as a dependency's output).</summary>
public class ElectrodeObjectTests
{
    private static readonly string ObjectPath = Path.Combine(AppContext.BaseDirectory, "electrode.bpf.o");

    private static List<string> EntryPointNames() =>
        typeof(Electrode.Programs.QuorumPrune).Assembly.GetTypes()
            .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static | BindingFlags.DeclaredOnly))
            .Where(m => m.GetCustomAttribute<BpfProgramAttribute>() is not null)
            .Select(m => m.Name)
            .Order(StringComparer.Ordinal)
            .ToList();

    [Fact]
    public void Build_copies_the_object_to_projects_that_reference_the_programs()
    {
        Assert.True(File.Exists(ObjectPath), $"{ObjectPath} is missing");
        Assert.Equal("\u007fELF"u8.ToArray(), File.ReadAllBytes(ObjectPath)[..4]);
    }

    public static TheoryData<string> MapFields() =>
        new(typeof(Electrode.Programs.Maps.ElectrodeMaps).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.GetCustomAttribute<MapAttribute>() is not null)
            .Select(f => f.Name));

    /// <summary>libbpf reads a map's shape from its BTF in <c>.maps</c>; it must be the C# descriptor's shape.</summary>
    [Theory]
    [MemberData(nameof(MapFields))]
    public void The_btf_of_each_map_gives_libbpf_the_type_sizes_and_entries_of_its_csharp_descriptor(string field)
    {
        var descriptor = (BpfMap)typeof(Electrode.Programs.Maps.ElectrodeMaps).GetField(field)!.GetValue(null)!;
        using var opened = BpfObject.Open(ObjectPath, new BpfObjectOpenOptions { ObjectName = "electrode" });

        var map = Assert.Single(opened.Maps, m => m.Name == field);

        Assert.Equal((int)descriptor.Kind, (int)map.Type);
        Assert.Equal(descriptor.KeySize, map.KeySize);
        Assert.Equal(descriptor.ValueSize, map.ValueSize);
        Assert.Equal(descriptor.MaxEntries, map.MaxEntries);
    }

    /// <summary>What kernels before 6.9 leave out of the verifier log ("@ file:line") comes from this line info.</summary>
    [Fact]
    public void Every_instruction_of_every_program_maps_through_btf_line_info_to_the_csharp_line_holding_its_code()
    {
        // Read once: under the kernel matrix's emulated CPU every file access crosses virtio-9p.
        var files = Directory.GetFiles(Path.Combine(RepositoryRootOf(), "src", "Electrode.Programs"), "*.cs", SearchOption.AllDirectories)
            .ToLookup(Path.GetFileName);
        var sources = new Dictionary<string, string[]>();
        using var opened = BpfObject.Open(ObjectPath, new BpfObjectOpenOptions { ObjectName = "electrode" });

        foreach (var program in opened.Programs)
            for (int i = 0; i < program.InstructionCount; i++)
            {
                string? line = opened.SourceLineOf(program.Name, i);
                Assert.True(line is not null, $"{program.Name} instruction {i} has no source line");
                var parts = line.Split(':', 3);
                if (!sources.TryGetValue(parts[0], out var source))
                    sources[parts[0]] = source = File.ReadAllLines(Assert.Single(files[parts[0]]));
                Assert.Equal(source[int.Parse(parts[1]) - 1].Trim(), parts[2].Trim());
            }
    }

    /// <summary>From this file's own path: the kernel matrix runs a copy of the test binaries outside the checkout.</summary>
    private static string RepositoryRootOf([CallerFilePath] string thisFile = "") =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(thisFile)!, "..", "..", ".."));

    [KernelFact]
    public void Every_program_of_the_built_electrode_object_loads_in_the_kernel()
    {
        using var pins = new TemporaryPinDirectory();
        using var opened = BpfObject.Open(ObjectPath, new BpfObjectOpenOptions { ObjectName = "electrode", PinRootPath = pins.Path });
        var expected = EntryPointNames();
        Assert.NotEmpty(expected);
        Assert.Equal(expected, opened.Programs.Select(p => p.Name).Order(StringComparer.Ordinal).ToList());

        using var loaded = opened.Load();

        Assert.All(loaded.Programs, program => Assert.True(program.Statistics.VerifiedInstructions > 0, program.Name));
    }
}
