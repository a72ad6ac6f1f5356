using BpfSharp.Compiler.FrontEnd;
using BpfSharp.Loader;
using BpfSharp.Testing;

namespace BpfSharp.Compiler.Tests.Subset;

/// <summary>Programs in Accepted/ use only the subset: the front end reports nothing and builds their model.</summary>
public class AcceptedCorpusTests
{
    public static TheoryData<string> Programs()
    {
        var data = new TheoryData<string>();
        foreach (string file in Directory.GetFiles(TestCompilations.CorpusDirectory("Accepted"), "*.cs").Order(StringComparer.Ordinal))
            data.Add(Path.GetFileName(file));
        return data;
    }

    [Theory]
    [MemberData(nameof(Programs))]
    public void Accepted_program_has_no_diagnostics_and_a_model(string file)
    {
        string source = File.ReadAllText(Path.Combine(TestCompilations.CorpusDirectory("Accepted"), file));

        var result = BpfFrontEnd.Analyze(TestCompilations.Input(source, file));

        Assert.Equal([], result.Diagnostics.Select(d => d.ToString()).ToList());
        Assert.NotNull(result.Model);
        Assert.NotEmpty(result.Model.EntryPoints);
    }

    [KernelTheory]
    [MemberData(nameof(Programs))]
    public void Accepted_program_compiles_and_every_program_in_it_loads_in_the_kernel(string file)
    {
        string source = File.ReadAllText(Path.Combine(TestCompilations.CorpusDirectory("Accepted"), file));
        var model = BpfFrontEnd.Analyze(TestCompilations.Input(source, file)).Model!;

        var generated = CodeGenerator.Generate(model);

        Assert.True(generated.Object is not null, string.Join('\n', generated.Diagnostics));
        using var pins = new TemporaryPinDirectory();
        using var opened = BpfObject.Open(generated.Object, new BpfObjectOpenOptions { ObjectName = "accepted", PinRootPath = pins.Path });
        using var loaded = opened.Load();
        Assert.Equal(model.EntryPoints.Count, loaded.Programs.Count);
    }
}
