using BpfSharp.Compiler.Diagnostics;
using BpfSharp.Compiler.Model;
using BpfSharp.Compiler.Subset;
using BpfSharp.Compiler.Surface;
using Microsoft.CodeAnalysis;

namespace BpfSharp.Compiler.FrontEnd;

/// <summary>Finds the methods marked with a program attribute and checks their signatures (BPF0100) and sections (BPF0108).</summary>
internal static class EntryPointDiscovery
{
    /// <summary>Sections libbpf 1.1 (Debian 12's) maps to each program type.</summary>
    private static readonly Dictionary<ProgramKind, string[]> s_sections = new()
    {
        [ProgramKind.Xdp] = ["xdp", "xdp.frags"],
        [ProgramKind.Tc] = ["tc", "classifier"],
    };

    public static List<EntryPoint> Find(Compilation compilation, RuntimeSymbols runtime, List<Diagnostic> diagnostics)
    {
        var entries = new List<EntryPoint>();
        foreach (var method in SourceSymbols.Members(compilation).OfType<IMethodSymbol>())
        {
            var attribute = method.GetAttributes().FirstOrDefault(a => SourceSymbols.DerivesFrom(a.AttributeClass, runtime.ProgramAttribute));
            if (attribute is null) continue;

            var (kind, context, action) = SymbolEqualityComparer.Default.Equals(attribute.AttributeClass, runtime.TcAttribute)
                ? (ProgramKind.Tc, runtime.TcContext, runtime.TcAction)
                : (ProgramKind.Xdp, runtime.XdpContext, runtime.XdpAction);
            bool valid = method.IsStatic
                && !method.IsGenericMethod
                && SymbolEqualityComparer.Default.Equals(method.ReturnType, action)
                && method.Parameters is [{ RefKind: RefKind.None } parameter]
                && SymbolEqualityComparer.Default.Equals(parameter.Type, context)
                && SymbolEqualityComparer.Default.Equals(attribute.AttributeClass, kind == ProgramKind.Tc ? runtime.TcAttribute : runtime.XdpAttribute);
            if (!valid)
            {
                diagnostics.Add(Diagnostic.Create(BpfDiagnostics.EntryPointSignature, method.Locations[0],
                    method.Name, action.Name, context.Name));
                continue;
            }

            string section = attribute.ConstructorArguments is [{ Value: string s }] ? s : kind == ProgramKind.Tc ? "tc" : "xdp";
            if (!s_sections[kind].Contains(section))
            {
                var at = attribute.ApplicationSyntaxReference?.GetSyntax().GetLocation() ?? method.Locations[0];
                diagnostics.Add(Diagnostic.Create(BpfDiagnostics.ProgramSection, at, section, kind.ToString().ToUpperInvariant(),
                    string.Join(" or ", s_sections[kind].Select(x => $"'{x}'"))));
                continue;
            }

            entries.Add(new EntryPoint(method, section, kind));
        }

        return [.. SourceOrder.Sort(entries.Select(e => e.Method), compilation)
            .Select(m => entries.First(e => SymbolEqualityComparer.Default.Equals(e.Method, m)))];
    }
}
