using BpfSharp.Compiler.Model;
using BpfSharp.Loader;
using BpfSharp.Testing;

namespace BpfSharp.Compiler.Tests.Model;

public class ObjectSymbolsTests
{
    /// <summary>Two entry points named Run, a map and a configuration field both wanting the name Limit.</summary>
    private const string Clashing = """
        using BpfSharp;
        public static class A
        {
            private static readonly uint Limit = 3;
            [Map(Name = "Limit")] public static readonly ArrayMap<uint> Limits = new(1);
            [Xdp] public static XdpAction Run(XdpContext c) => c.RxQueueIndex > Limit ? XdpAction.Drop : XdpAction.Pass;
        }
        public static class B
        {
            private static readonly uint Limit = 4;
            [Tc] public static TcAction Run(TcContext c) => c.Mark > Limit ? TcAction.Shot : TcAction.Ok;
        }
        """;

    [KernelFact]
    public void The_names_replayed_from_the_model_are_the_names_libbpf_finds_in_the_emitted_object()
    {
        var model = TestCompilations.Analyze(Clashing).Model;
        Assert.NotNull(model);
        var generated = CodeGenerator.Generate(model);
        Assert.True(generated.Success, string.Join("\n", generated.Diagnostics));

        var (maps, globals, entryPoints) = ObjectSymbols.Of(model);
        using var opened = BpfObject.Open(generated.Object!, new BpfObjectOpenOptions { ObjectName = "clash" });

        Assert.Equal(["Limit"], maps);
        Assert.Equal(["Limit_2", "Limit_3"], globals);
        Assert.Equal(["A_Run", "B_Run"], entryPoints);
        Assert.Equal(maps, opened.Maps.Where(m => !m.IsDataSection).Select(m => m.Name));
        Assert.Equal(globals.Order(), opened.VariableNames.Order());
        Assert.Equal(entryPoints.Order(), opened.Programs.Select(p => p.Name).Order());
    }
}
