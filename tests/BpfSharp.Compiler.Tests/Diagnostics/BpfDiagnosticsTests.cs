using System.Reflection;
using System.Text.RegularExpressions;
using BpfSharp.Compiler.Diagnostics;
using Microsoft.CodeAnalysis;

namespace BpfSharp.Compiler.Tests.Diagnostics;

public partial class BpfDiagnosticsTests
{
    private static IReadOnlyList<DiagnosticDescriptor> AllDescriptors { get; } = typeof(BpfDiagnostics)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Where(f => f.FieldType == typeof(DiagnosticDescriptor))
        .Select(f => (DiagnosticDescriptor)f.GetValue(null)!)
        .ToList();

    public static TheoryData<string> Ids()
    {
        var data = new TheoryData<string>();
        foreach (var descriptor in AllDescriptors) data.Add(descriptor.Id);
        return data;
    }

    [Theory]
    [MemberData(nameof(Ids))]
    public void Every_descriptor_links_to_its_section_of_docs_diagnostics_md_which_says_what_why_instead(string id)
    {
        var descriptor = AllDescriptors.Single(d => d.Id == id);
        Assert.Equal("docs/diagnostics.md#" + id.ToLowerInvariant(), descriptor.HelpLinkUri);

        var section = Section(File.ReadAllText(DocsPath()), id);
        Assert.NotNull(section);
        Assert.Contains("- What:", section);
        Assert.Contains("- Instead:", section);
    }

    [Fact]
    public void Every_rule_section_has_a_reason_and_an_example()
    {
        var docs = File.ReadAllText(DocsPath());
        var rules = BpfDiagnostics.SubsetRules.Concat(BpfDiagnostics.ProgramRules).Where(d => d.Id != "BPF0107");
        foreach (var rule in rules)
        {
            var section = Section(docs, rule.Id)!;
            Assert.True(section.Contains("- Why:"), rule.Id);
            Assert.True(section.Contains("```csharp"), rule.Id);
        }
    }

    /// <summary>
    /// Messages whose advice comes with their argument (BPF0009's, BPF0014's, BPF9001's construct, the file and usage
    /// errors') are checked where made.
    /// </summary>
    public static TheoryData<string> IdsWithOwnAdvice()
    {
        var data = new TheoryData<string>();
        foreach (var descriptor in AllDescriptors)
            if (descriptor.Id is not ("BPF0009" or "BPF0014" or "BPF9001" or "BPF9002" or "BPF9003")) data.Add(descriptor.Id);
        return data;
    }

    [Theory]
    [MemberData(nameof(IdsWithOwnAdvice))]
    public void Every_message_says_what_to_write_instead(string id)
    {
        var format = AllDescriptors.Single(d => d.Id == id).MessageFormat.ToString();

        Assert.Matches(Advice(), format);
    }

    [Fact]
    public void A_map_name_diagnostic_names_the_Map_Name_setting()
    {
        var result = TestCompilations.Analyze("""
            using BpfSharp;
            public static class P
            {
                [Map] public static readonly ArrayMap<uint> ReplicaStatusCounters = new(4);
                [Xdp] public static XdpAction Run(XdpContext ctx) => XdpAction.Pass;
            }
            """);

        var diagnostic = Assert.Single(result.Diagnostics, d => d.Id == "BPF0103");
        Assert.Contains("[Map(Name = \"...\")]", diagnostic.GetMessage());
    }

    [Fact]
    public void Type_names_in_messages_carry_no_nullable_annotation()
    {
        var result = TestCompilations.Analyze("""
            using BpfSharp;
            public static class P
            {
                [Xdp]
                public static XdpAction Run(XdpContext ctx)
                {
                    string? name = null;
                    object? boxed = ctx.RxQueueIndex;
                    return name == null && boxed != null ? XdpAction.Pass : XdpAction.Drop;
                }
            }
            """);

        var messages = result.Diagnostics.Where(d => d.Id is "BPF0012" or "BPF0008").Select(d => d.GetMessage()).ToList();
        Assert.Contains(messages, m => m.Contains("type 'string'"));
        Assert.Contains(messages, m => m.Contains("to 'object'"));
        Assert.DoesNotContain(messages, m => m.Contains("?'"));
    }

    [Fact]
    public void A_BPF_call_with_six_arguments_is_BPF0015_at_the_method_before_LLVM_sees_it()
    {
        var result = TestCompilations.Analyze("""
            using System.Runtime.CompilerServices;
            using BpfSharp;
            public static class P
            {
                [MethodImpl(MethodImplOptions.NoInlining)]
                static uint Mix(uint a, uint b, uint c, uint d, uint e, uint f) => a ^ b ^ c ^ d ^ e ^ f;

                [Xdp] public static XdpAction Run(XdpContext ctx) => Mix(ctx.RxQueueIndex, 1, 2, 3, 4, 5) > 9 ? XdpAction.Drop : XdpAction.Pass;
            }
            """);

        var diagnostic = Assert.Single(result.Diagnostics);
        Assert.Equal("BPF0015", diagnostic.Id);
        Assert.Equal(6, diagnostic.Location.GetLineSpan().StartLinePosition.Line + 1);
        Assert.Contains("takes 6 arguments", diagnostic.GetMessage());
        Assert.Contains("at most five", diagnostic.GetMessage());
        Assert.Null(result.Model);
    }

    private static string? Section(string docs, string id)
    {
        var start = docs.IndexOf("\n## " + id + "\n", StringComparison.Ordinal);
        if (start < 0) return null;
        var end = docs.IndexOf("\n## ", start + 1, StringComparison.Ordinal);
        return end < 0 ? docs[start..] : docs[start..end];
    }

    private static string DocsPath()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory != null; directory = directory.Parent)
        {
            var candidate = Path.Combine(directory.FullName, "docs", "diagnostics.md");
            if (File.Exists(candidate)) return candidate;
        }
        throw new FileNotFoundException("docs/diagnostics.md not found above " + AppContext.BaseDirectory);
    }

    [GeneratedRegex(@"[;(]\s*(use|write|call|keep|return|rewrite|name|initialise|add|mark|group|please|match)\b|must be|\(use ", RegexOptions.IgnoreCase)]
    private static partial Regex Advice();
}
