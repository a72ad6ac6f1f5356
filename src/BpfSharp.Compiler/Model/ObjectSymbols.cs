using System.Text;
using Microsoft.CodeAnalysis;

namespace BpfSharp.Compiler.Model;

/// <summary>
/// The ELF symbol names of an object, which libbpf turns into its map, program and variable names. The code generator
/// claims them as it emits (licence, maps, configuration, then entry points before any other function), and the bindings
/// generator replays the same claims, so that both name every map, program and variable alike.
/// </summary>
public sealed class ObjectSymbols
{
    /// <summary>The symbol of the licence string.</summary>
    public const string License = "_license";

    private readonly HashSet<string> _taken = [];

    /// <summary>Claims <paramref name="wanted"/>, or <c>wanted_2</c>, <c>wanted_3</c>, ... when it is taken.</summary>
    public string Claim(string wanted)
    {
        var name = wanted;
        for (var i = 2; !_taken.Add(name); i++) name = wanted + "_" + i;
        return name;
    }

    /// <summary>The symbol wanted for a configuration variable: its field's name.</summary>
    public static string VariableSymbol(IFieldSymbol field) => Sanitize(field.Name);

    /// <summary>
    /// The symbol wanted for an entry point (and so the libbpf program name): the method name, or <c>Type_Method</c> when
    /// two entry points share a method name.
    /// </summary>
    public static string EntrySymbol(IMethodSymbol method, IEnumerable<EntryPoint> entryPoints)
    {
        var clash = entryPoints.Count(e => e.Method.Name == method.Name) > 1;
        return Sanitize(clash ? method.ContainingType.Name + "_" + method.Name : method.Name);
    }

    /// <summary>
    /// The symbol wanted for a function that is not an entry point; an instance of a generic method adds its type
    /// arguments (<c>Program__Max__UInt32</c>, <c>Program__Field__Ip4Header_ptr</c>), so each instance is named the same
    /// in every build.
    /// </summary>
    public static string FunctionSymbol(IMethodSymbol method)
    {
        var name = Sanitize(method.ContainingType.Name) + "__" + Sanitize(method.Name);
        return method.IsGenericMethod ? name + "__" + string.Join("_", method.TypeArguments.Select(TypeArgumentName)) : name;
    }

    private static string TypeArgumentName(ITypeSymbol type) => type switch
    {
        IPointerTypeSymbol pointer => TypeArgumentName(pointer.PointedAtType) + "_ptr",
        INamedTypeSymbol { IsGenericType: true } named => Sanitize(named.Name) + "_" + string.Join("_", named.TypeArguments.Select(TypeArgumentName)),
        _ => Sanitize(type.Name),
    };

    /// <summary>
    /// The names the code generator gives <paramref name="model"/>'s maps, configuration variables and entry points,
    /// claimed in the order it emits them.
    /// </summary>
    public static (IReadOnlyList<string> Maps, IReadOnlyList<string> Globals, IReadOnlyList<string> EntryPoints) Of(ProgramModel model)
    {
        var symbols = new ObjectSymbols();
        symbols.Claim(License);
        var maps = model.Maps.Select(map => symbols.Claim(map.Name)).ToList();
        var globals = model.Globals.Select(global => symbols.Claim(VariableSymbol(global.Field))).ToList();
        var entries = EntryPointsInEmissionOrder(model).Select(entry => symbols.Claim(EntrySymbol(entry.Method, model.EntryPoints))).ToList();
        return (maps, globals, entries);
    }

    /// <summary>Entry points in the order the code generator declares them: the order of <see cref="ProgramModel.Methods"/>.</summary>
    public static IReadOnlyList<EntryPoint> EntryPointsInEmissionOrder(ProgramModel model) =>
        model.Methods
            .Select(method => model.EntryPoints.FirstOrDefault(e => SymbolEqualityComparer.Default.Equals(e.Method.OriginalDefinition, method.OriginalDefinition)))
            .OfType<EntryPoint>()
            .ToList();

    /// <summary>Replaces every character that is not an ASCII letter, digit or underscore, so the name is a C identifier.</summary>
    public static string Sanitize(string name)
    {
        var builder = new StringBuilder(name.Length);
        foreach (var c in name) builder.Append(IsAsciiLetterOrDigit(c) || c == '_' ? c : '_');
        if (builder.Length == 0 || builder[0] is >= '0' and <= '9') builder.Insert(0, '_');
        return builder.ToString();
    }

    private static bool IsAsciiLetterOrDigit(char c) => c is >= 'a' and <= 'z' or >= 'A' and <= 'Z' or >= '0' and <= '9';
}
