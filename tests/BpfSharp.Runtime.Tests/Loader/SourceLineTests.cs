using System.Text.RegularExpressions;
using BpfSharp.Loader;
using BpfSharp.Testing;

namespace BpfSharp.Runtime.Tests.Loader;

/// <summary>BpfObject.SourceLineOf: the object's BTF line info read from its ELF sections, instruction by instruction.</summary>
public partial class SourceLineTests
{
    private const string UncheckedReadLine = "unchecked_read.bpf.c:9: return data[0] == 1 ? XDP_DROP : XDP_PASS;";

    [GeneratedRegex(@"^(\d+): \([0-9a-f]{2}\) ", RegexOptions.Multiline)]
    private static partial Regex InstructionLine();

    [KernelFact]
    public void The_instruction_the_verifier_gave_up_on_maps_to_the_source_line_it_reads()
    {
        using var obj = BpfObject.Open(FixtureObjects.PathOf("unchecked_read"));
        var error = Assert.Throws<BpfLoadException>(() => obj.Load());
        int failing = int.Parse(InstructionLine().Matches(error.VerifierLog)[^1].Groups[1].Value);

        Assert.Equal(UncheckedReadLine, obj.SourceLineOf("xdp_unchecked_read", failing));
        Assert.Equal(UncheckedReadLine, error.FailingSourceLine);
    }

    [KernelFact]
    public void Every_instruction_of_a_program_maps_to_a_line_of_its_source_file()
    {
        string path = FixtureObjects.PathOf("tail_call");
        string[] source = File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, "Loader", "Fixtures", "tail_call.bpf.c"));
        using var obj = BpfObject.Open(path);

        foreach (var program in obj.Programs)
            for (int i = 0; i < program.InstructionCount; i++)
            {
                string? line = obj.SourceLineOf(program.Name, i);
                Assert.NotNull(line);
                var parts = line.Split(':', 3);
                Assert.Equal("tail_call.bpf.c", parts[0]);
                Assert.Equal(source[int.Parse(parts[1]) - 1].Trim(), parts[2].Trim());
            }
    }

    [KernelFact]
    public void A_program_opened_from_memory_maps_instructions_until_load_releases_its_image()
    {
        using var obj = BpfObject.Open(FixtureObjects.BytesOf("verdict"), new BpfObjectOpenOptions { ObjectName = "inmem" });
        Assert.StartsWith("verdict.bpf.c:", obj.SourceLineOf("xdp_verdict", 0));

        using var loaded = obj.Load();

        Assert.Throws<InvalidOperationException>(() => obj.SourceLineOf("xdp_verdict", 0));
    }

    [KernelFact]
    public void An_instruction_past_the_program_or_a_program_it_lacks_has_no_source_line()
    {
        using var obj = BpfObject.Open(FixtureObjects.PathOf("verdict"));
        Assert.Null(obj.SourceLineOf("xdp_verdict", 100_000));
        Assert.Null(obj.SourceLineOf("no_such_program", 0));
        Assert.Null(obj.SourceLineOf("xdp_verdict", -1));
    }
}
