using System.Text.RegularExpressions;
using BpfSharp.Compiler.Diagnostics;
using BpfSharp.Compiler.FrontEnd;
using Microsoft.CodeAnalysis.Text;

namespace BpfSharp.Compiler.Tests.Subset;

/// <summary>
/// Each program in Rejected/ marks the lines that must be rejected with <c>// expect: BPFnnnn ...</c>; the front end
/// must report exactly those ids on exactly those lines, and nothing else.
/// </summary>
public partial class RejectedCorpusTests
{
    public static TheoryData<string> Programs()
    {
        var data = new TheoryData<string>();
        foreach (string file in Directory.GetFiles(TestCompilations.CorpusDirectory("Rejected"), "*.cs").Order(StringComparer.Ordinal))
            data.Add(Path.GetFileName(file));
        return data;
    }

    [Theory]
    [MemberData(nameof(Programs))]
    public void Rejected_program_reports_exactly_the_expected_ids_on_the_expected_lines(string file)
    {
        string source = File.ReadAllText(Path.Combine(TestCompilations.CorpusDirectory("Rejected"), file));
        var expected = Expectations(source);
        Assert.NotEmpty(expected);

        var result = BpfFrontEnd.Analyze(TestCompilations.Input(source, file));

        var actual = TestCompilations.IdsAndLines(result.Diagnostics).Distinct().Order().ToList();
        Assert.Equal(expected.Order().ToList(), actual);
        Assert.Null(result.Model);
    }

    [Fact]
    public void Corpus_covers_every_subset_and_program_rule()
    {
        var covered = Directory.GetFiles(TestCompilations.CorpusDirectory("Rejected"), "*.cs")
            .SelectMany(f => Expectations(File.ReadAllText(f)))
            .Select(e => e.Id)
            .ToHashSet();
        var rules = BpfDiagnostics.SubsetRules
            .Concat(BpfDiagnostics.ProgramRules)
            .Where(d => d.DefaultSeverity == Microsoft.CodeAnalysis.DiagnosticSeverity.Error && d.Id != "BPF0107")
            .Select(d => d.Id);
        Assert.Equal([], rules.Where(id => !covered.Contains(id)).ToList());
    }

    private static List<(string Id, int Line)> Expectations(string source)
    {
        var expectations = new List<(string, int)>();
        var lines = SourceText.From(source).Lines;
        foreach (var line in lines)
        {
            var match = Marker().Match(line.ToString());
            if (!match.Success) continue;
            foreach (Capture id in match.Groups["id"].Captures) expectations.Add((id.Value, line.LineNumber + 1));
        }

        return expectations;
    }

    [GeneratedRegex(@"//\s*expect:(\s+(?<id>BPF\d{4}))+\s*$")]
    private static partial Regex Marker();
}
