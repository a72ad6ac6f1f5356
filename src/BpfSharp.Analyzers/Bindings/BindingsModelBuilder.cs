using System.Text;
using BpfSharp.Compiler.Diagnostics;
using BpfSharp.Compiler.FrontEnd;
using BpfSharp.Compiler.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace BpfSharp.Compiler.Bindings;

/// <summary>
/// Reads a program assembly as the compiler does (its front end, its naming of object symbols) and turns it into the
/// strings the bindings are written from. Nothing here re-derives a name the compiler gives.
/// </summary>
internal static class BindingsModelBuilder
{
    private const string Loader = "global::BpfSharp.Loader.";

    /// <summary>The bindings of <paramref name="compilation"/>, or null when it holds no valid program to bind.</summary>
    public static BindingsModel? Build(Compilation compilation, BindingsSettings settings, CancellationToken cancellation)
    {
        if (compilation is not CSharpCompilation csharp) return null;
        var program = BpfFrontEnd.AnalyzeProgram(csharp, cancellation).Model;
        if (program is null || (program.EntryPoints.Count == 0 && program.Maps.Count == 0)) return null;

        var (mapNames, globalNames, entryNames) = ObjectSymbols.Of(program);
        var problems = new List<BindingProblem>();
        var exposure = new Exposure();

        var mapProperties = new Identifiers();
        var maps = program.Maps.Select((map, i) =>
        {
            var wrapper = Wrapper(map, problems, exposure);
            return new MapBinding(mapProperties.Claim(map.Field.Name, map.Field), mapNames[i], wrapper, Describe(map.Field));
        }).ToArray();

        var programProperties = new Identifiers();
        var entries = ObjectSymbols.EntryPointsInEmissionOrder(program);
        var programs = entries.Select((entry, i) => new ProgramBinding(
            programProperties.Claim(entryNames[i], entry.Method), entryNames[i],
            entry.Method.ContainingType.ToDisplayString() + "." + entry.Method.Name, entry.Kind.ToString().ToUpperInvariant())).ToArray();

        var variableProperties = new Identifiers();
        var variables = program.Globals.Where(g => g.ReadOnly).Select(global =>
        {
            var field = global.Field;
            var type = VariableType(field, problems, exposure);
            return new VariableBinding(variableProperties.Claim(PropertyName(field.Name), field), globalNames[program.Globals.ToList().IndexOf(global)],
                type, Describe(field));
        }).ToArray();

        string objectName = settings.ObjectName ?? (compilation.AssemblyName ?? "program") + ".bpf.o";
        // Beside the programs (a root namespace may also be a type's name, which a namespace cannot reuse).
        var first = (ISymbol?)program.EntryPoints.FirstOrDefault()?.Method ?? program.Maps[0].Field;
        string ns = first.ContainingNamespace.IsGlobalNamespace ? "" : first.ContainingNamespace.ToDisplayString();
        return new BindingsModel(ns, Prefix(objectName, settings.BindingsName), objectName, exposure.IsPublic,
            new(maps), new(programs), new(variables), new(problems.ToArray()));
    }

    private static string? Wrapper(MapDefinition map, List<BindingProblem> problems, Exposure exposure)
    {
        string? Typed(string wrapper, params ITypeSymbol[] arguments)
        {
            foreach (var argument in arguments)
            {
                var visibility = Visibility(argument);
                if (visibility == Visible.Not)
                {
                    problems.Add(Problem(BindingDiagnostics.UntypedMap, map.Field, argument));
                    return null;
                }
                if (visibility == Visible.Internal) exposure.IsPublic = false;
            }
            return arguments.Length == 0 ? Loader + wrapper
                : Loader + wrapper + "<" + string.Join(", ", arguments.Select(a => a.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat))) + ">";
        }

        var type = (INamedTypeSymbol)map.Field.Type;
        return map.Kind switch
        {
            MapKind.Array => Typed("BpfArrayMap", type.TypeArguments[0]),
            MapKind.PerCpuArray => Typed("BpfPerCpuArrayMap", type.TypeArguments[0]),
            MapKind.Hash => Typed("BpfHashMap", type.TypeArguments[0], type.TypeArguments[1]),
            MapKind.LruHash => Typed("BpfLruHashMap", type.TypeArguments[0], type.TypeArguments[1]),
            MapKind.RingBuffer => Typed("BpfRingBufferMap"),
            MapKind.ProgramArray => Typed("BpfProgramArray"),
            _ => null,
        };
    }

    private static string VariableType(IFieldSymbol field, List<BindingProblem> problems, Exposure exposure)
    {
        var type = field.Type;
        switch (Visibility(type))
        {
            case Visible.Not:
                var underlying = (type as INamedTypeSymbol)?.EnumUnderlyingType ?? type;
                var shown = underlying.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat);
                problems.Add(Problem(BindingDiagnostics.UntypedVariable, field, type, shown));
                return shown;
            case Visible.Internal:
                exposure.IsPublic = false;
                break;
        }
        return type.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat);
    }

    private enum Visible { Public, Internal, Not }

    /// <summary>Whether the bindings may be public: no type they name is internal.</summary>
    private sealed class Exposure
    {
        public bool IsPublic { get; set; } = true;
    }

    /// <summary>How far a type can be named from a namespace-level class of the same assembly.</summary>
    private static Visible Visibility(ITypeSymbol type)
    {
        switch (type)
        {
            case IPointerTypeSymbol pointer:
                return Visibility(pointer.PointedAtType);
            case IArrayTypeSymbol array:
                return Visibility(array.ElementType);
        }
        var result = Visible.Public;
        for (ISymbol? symbol = type; symbol is INamedTypeSymbol named; symbol = named.ContainingType)
        {
            switch (named.DeclaredAccessibility)
            {
                case Accessibility.Public:
                    break;
                case Accessibility.Internal or Accessibility.ProtectedOrInternal:
                    result = Visible.Internal;
                    break;
                default:
                    return Visible.Not;
            }
            foreach (var argument in named.TypeArguments)
            {
                var inner = Visibility(argument);
                if (inner == Visible.Not) return Visible.Not;
                if (inner == Visible.Internal) result = Visible.Internal;
            }
        }
        return result;
    }

    private static BindingProblem Problem(DiagnosticDescriptor descriptor, IFieldSymbol field, ITypeSymbol type, string? boundAs = null)
    {
        var location = field.Locations.FirstOrDefault(l => l.IsInSource);
        var lines = location?.GetLineSpan();
        return new BindingProblem(descriptor.Id, field.Name, type.ToDisplayString(), boundAs ?? "",
            lines?.Path ?? "", location?.SourceSpan ?? default, lines?.Span ?? default);
    }

    private static string Describe(IFieldSymbol field) => field.ContainingType.ToDisplayString() + "." + field.Name;

    /// <summary>A configuration field's property: <c>s_blockedPort</c> and <c>_blockedPort</c> give <c>BlockedPort</c>.</summary>
    private static string PropertyName(string field)
    {
        var name = field.StartsWith("s_", StringComparison.Ordinal) ? field.Substring(2) : field.TrimStart('_');
        return name.Length == 0 ? field : char.ToUpperInvariant(name[0]) + name.Substring(1);
    }

    /// <summary>
    /// The class-name prefix: $(BpfSharpBindingsName) when set, else the object file name without <c>.bpf.o</c> in Pascal
    /// case (<c>electrode.bpf.o</c> gives <c>Electrode</c>, <c>Acme.Filter.bpf.o</c> <c>AcmeFilter</c>, <c>my-app.bpf.o</c> <c>MyApp</c>).
    /// </summary>
    public static string Prefix(string objectFileName, string? bindingsName = null)
    {
        if (bindingsName is not null) return ObjectSymbols.Sanitize(bindingsName);
        var stem = objectFileName.EndsWith(".bpf.o", StringComparison.OrdinalIgnoreCase) ? objectFileName.Substring(0, objectFileName.Length - ".bpf.o".Length)
            : objectFileName.EndsWith(".o", StringComparison.OrdinalIgnoreCase) ? objectFileName.Substring(0, objectFileName.Length - ".o".Length)
            : objectFileName;
        var builder = new StringBuilder();
        foreach (var part in stem.Split(['-', '_', ' ', '+', '.'], StringSplitOptions.RemoveEmptyEntries))
            builder.Append(char.ToUpperInvariant(part[0])).Append(part.Substring(1));
        var prefix = ObjectSymbols.Sanitize(builder.ToString());
        return prefix == "_" ? "Bpf" : prefix;
    }

    /// <summary>Property names of one generated class: distinct, and never a name the class itself uses.</summary>
    private sealed class Identifiers
    {
        private readonly HashSet<string> _taken = ["Object", "Dispose", "Equals", "GetHashCode", "GetType", "ToString", "MapSet", "ProgramSet", "VariableSet", "Pin", "OpenPinned", "_opened"];

        public string Claim(string wanted, ISymbol symbol)
        {
            if (SyntaxFacts.GetKeywordKind(wanted) != SyntaxKind.None) wanted = "@" + wanted;
            if (_taken.Add(wanted)) return wanted;
            var qualified = symbol.ContainingType.Name + "_" + wanted;
            var name = qualified;
            for (var i = 2; !_taken.Add(name); i++) name = qualified + "_" + i;
            return name;
        }
    }
}
