using BpfSharp.Compiler.FrontEnd;

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
}
