using System.Collections.Immutable;
using BpfSharp.Compiler.Model;
using BpfSharp.Compiler.Subset;
using BpfSharp.Compiler.Surface;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace BpfSharp.Compiler.Tests.CodeGen;

/// <summary>
/// Builds a <see cref="ProgramModel"/> straight from C# source text, finding [Xdp]/[Tc] methods, [Map] fields and static
/// configuration fields the simple way (the front end's discovery is tested on its own branch), and taking the methods
/// to compile from the subset checker, as the front end does, whatever else the checker reports.
/// </summary>
internal static class TestPrograms
{
    private static readonly Lazy<ImmutableArray<MetadataReference>> References = new(() =>
    {
        var trusted = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator);
        return [.. trusted.Where(p => Path.GetFileName(p).StartsWith("System.", StringComparison.Ordinal) || Path.GetFileName(p) == "netstandard.dll")
            .Select(p => MetadataReference.CreateFromFile(p)),
            MetadataReference.CreateFromFile(typeof(XdpContext).Assembly.Location)];
    });

    public static CSharpCompilation Compile(string source, string path = "/src/project/Programs/Program.cs")
    {
        var tree = CSharpSyntaxTree.ParseText(source, new CSharpParseOptions(LanguageVersion.Preview), path);
        var compilation = CSharpCompilation.Create("TestProgram", [tree], References.Value,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, allowUnsafe: true, nullableContextOptions: NullableContextOptions.Enable));
        var errors = compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        if (errors.Count > 0) throw new InvalidOperationException("test program does not compile:\n" + string.Join("\n", errors));
        return compilation;
    }

    public static ProgramModel Model(string source, string license = "GPL") => ModelOf(Compile(source), license);

    public static ProgramModel ModelOf(CSharpCompilation compilation, string license = "GPL")
    {
        var entries = new List<EntryPoint>();
        var maps = new List<MapDefinition>();
        var globals = new List<GlobalVariable>();
        foreach (var tree in compilation.SyntaxTrees)
        {
            var semantic = compilation.GetSemanticModel(tree);
            foreach (var node in tree.GetRoot().DescendantNodes())
            {
                if (node is MethodDeclarationSyntax methodSyntax && semantic.GetDeclaredSymbol(methodSyntax) is { } method)
                {
                    foreach (var attribute in method.GetAttributes())
                    {
                        var name = attribute.AttributeClass?.Name;
                        if (name is not ("XdpAttribute" or "TcAttribute")) continue;
                        var kind = name == "XdpAttribute" ? ProgramKind.Xdp : ProgramKind.Tc;
                        var section = attribute.ConstructorArguments is [{ Value: string s }] ? s : kind == ProgramKind.Xdp ? "xdp" : "tc";
                        entries.Add(new EntryPoint(method, section, kind));
                    }
                }
                if (node is VariableDeclaratorSyntax declarator && semantic.GetDeclaredSymbol(declarator) is IFieldSymbol { IsStatic: true, IsConst: false } field)
                {
                    var mapAttribute = field.GetAttributes().FirstOrDefault(a => a.AttributeClass?.Name == "MapAttribute");
                    if (mapAttribute != null) maps.Add(MapOf(field, mapAttribute, declarator, semantic));
                    else globals.Add(new GlobalVariable(field, declarator.Initializer is { } init ? semantic.GetConstantValue(init.Value).Value : null, field.IsReadOnly));
                }
            }
        }
        var runtime = RuntimeSymbols.Resolve(compilation, out _)!;
        var reachable = SubsetChecker.Check(compilation, runtime, entries.Select(e => e.Method)).ReachableMethods;
        return new ProgramModel(compilation, entries, reachable, maps, globals, license);
    }

    private static MapDefinition MapOf(IFieldSymbol field, AttributeData attribute, VariableDeclaratorSyntax declarator, SemanticModel semantic)
    {
        var type = (INamedTypeSymbol)field.Type;
        var creation = semantic.GetOperation(declarator.Initializer!.Value) as Microsoft.CodeAnalysis.Operations.IObjectCreationOperation
            ?? (semantic.GetOperation(declarator.Initializer!.Value) as Microsoft.CodeAnalysis.Operations.IConversionOperation)?.Operand as Microsoft.CodeAnalysis.Operations.IObjectCreationOperation;
        var maxEntries = (int)creation!.Arguments[0].Value.ConstantValue.Value!;
        var uint32 = semantic.Compilation.GetSpecialType(SpecialType.System_UInt32);
        var (kind, key, value) = type.Name switch
        {
            "ArrayMap" => (MapKind.Array, (ITypeSymbol?)uint32, (ITypeSymbol?)type.TypeArguments[0]),
            "PerCpuArrayMap" => (MapKind.PerCpuArray, uint32, type.TypeArguments[0]),
            "HashMap" => (MapKind.Hash, type.TypeArguments[0], type.TypeArguments[1]),
            "LruHashMap" => (MapKind.LruHash, type.TypeArguments[0], type.TypeArguments[1]),
            "RingBuffer" => (MapKind.RingBuffer, null, null),
            "ProgramArray" => (MapKind.ProgramArray, uint32, uint32),
            _ => throw new InvalidOperationException($"unknown map type {type.Name}"),
        };
        var name = attribute.NamedArguments.FirstOrDefault(a => a.Key == "Name").Value.Value as string ?? field.Name;
        var pinning = attribute.NamedArguments.FirstOrDefault(a => a.Key == "Pinning").Value.Value is int p ? (MapPinning)p : MapPinning.None;
        var flags = attribute.NamedArguments.FirstOrDefault(a => a.Key == "Flags").Value.Value is int f ? (MapFlags)f : MapFlags.None;
        return new MapDefinition(field, name, kind, key, value, maxEntries, pinning, flags);
    }

    /// <summary>Compiles and asserts success, showing the diagnostics otherwise.</summary>
    public static byte[] CompileToObject(string source)
    {
        var result = CodeGenerator.Generate(Model(source));
        Assert.True(result.Success, string.Join("\n", result.Diagnostics));
        return result.Object!;
    }

    /// <summary>Compiles, asserting success, and gives the optimised LLVM IR of <paramref name="function"/>.</summary>
    public static string OptimisedIrOf(string source, string function)
    {
        string? ir = null;
        var result = CodeGenerator.Generate(Model(source), text => ir = text);
        Assert.True(result.Success, string.Join("\n", result.Diagnostics));
        return System.Text.RegularExpressions.Regex.Match(ir!, $@"define [^\n]*@{function}\(.*?\n}}", System.Text.RegularExpressions.RegexOptions.Singleline).Value;
    }
}
