using System.Text;
using BpfSharp.Compiler.Llvm;
using BpfSharp.Compiler.Model;
using BpfSharp.Compiler.Surface;
using Microsoft.CodeAnalysis;

namespace BpfSharp.Compiler.CodeGen;

/// <summary>
/// DWARF for the module, from which the BPF back end derives BTF (types, functions, line info). File names are
/// relative to the common directory of the sources, so objects do not depend on where the project was built.
/// </summary>
internal sealed class DebugInfo
{
    private const string Producer = "BpfSharp";
    private readonly LlvmDIBuilder _di;
    private readonly LlvmContext _context;
    private readonly StructLayouts _layouts;
    private readonly string? _sourceRoot;
    private readonly Dictionary<string, nint> _files = [];
    private readonly Dictionary<ITypeSymbol, nint> _types = new(SymbolEqualityComparer.Default);
    private readonly HashSet<ITypeSymbol> _building = new(SymbolEqualityComparer.Default);
    private readonly Dictionary<string, nint> _named = [];

    public DebugInfo(LlvmDIBuilder di, LlvmContext context, StructLayouts layouts, Compilation compilation, SyntaxTree? primaryTree, string? projectDirectory)
    {
        _di = di;
        _context = context;
        _layouts = layouts;
        _sourceRoot = projectDirectory != null
            ? Path.TrimEndingDirectorySeparator(Path.GetFullPath(projectDirectory))
            : CommonDirectory(compilation.SyntaxTrees.Select(t => t.FilePath).Where(p => p.Length > 0));
        var unitFile = primaryTree != null ? FileOf(primaryTree) : di.CreateFile("bpfsharp", "");
        CompileUnit = di.CreateCompileUnit(unitFile, Producer);
        UnitFile = unitFile;
    }

    public nint CompileUnit { get; }
    public nint UnitFile { get; }

    /// <summary>
    /// The C# location of an LLVM diagnostic that starts with <c>file:line:column:</c> (the debug location of the
    /// instruction it is about), or null when it names no source of the program.
    /// </summary>
    public Location? LocationOfLlvmMessage(string message, Compilation compilation)
    {
        var match = System.Text.RegularExpressions.Regex.Match(message, @"^(?<file>[^:\s]+):(?<line>\d+):(?<column>\d+):");
        if (!match.Success) return null;
        var tree = compilation.SyntaxTrees.FirstOrDefault(t => RelativeName(t.FilePath) == match.Groups["file"].Value);
        if (tree == null) return null;
        var text = tree.GetText();
        var line = int.Parse(match.Groups["line"].Value) - 1;
        if (line < 0 || line >= text.Lines.Count) return null;
        var start = text.Lines[line].Start + Math.Max(0, int.Parse(match.Groups["column"].Value) - 1);
        return Microsoft.CodeAnalysis.Location.Create(tree, new Microsoft.CodeAnalysis.Text.TextSpan(Math.Min(start, text.Lines[line].End), 0));
    }

    public nint FileOf(SyntaxTree tree)
    {
        var name = RelativeName(tree.FilePath);
        if (!_files.TryGetValue(name, out var file)) _files[name] = file = _di.CreateFile(name, "");
        return file;
    }

    public nint Location(Location location, nint scope)
    {
        var span = location.GetLineSpan().StartLinePosition;
        return _context.DebugLocation((uint)span.Line + 1, (uint)span.Character + 1, scope);
    }

    public nint Subprogram(IMethodSymbol method, string linkageName, bool localToUnit, nint? contextPointer)
    {
        var location = method.Locations.FirstOrDefault(l => l.IsInSource);
        var file = location?.SourceTree is { } tree ? FileOf(tree) : UnitFile;
        var line = location == null ? 0u : (uint)location.GetLineSpan().StartLinePosition.Line + 1;
        var returnsThroughPointer = !method.ReturnsVoid && !method.ReturnsByRef && TypeLowering.IsStruct(method.ReturnType);
        var returnType = method.ReturnsVoid || returnsThroughPointer ? 0 : method.ReturnsByRef ? Pointer(method.ReturnType) : Type(method.ReturnType);
        var parameters = new List<(string Name, nint Type)>();
        if (returnsThroughPointer) parameters.Add(("result", Pointer(method.ReturnType)));
        if (!method.IsStatic) parameters.Add(("self", Pointer(method.ContainingType)));
        foreach (var parameter in method.Parameters)
        {
            parameters.Add((Sanitize(parameter.Name), RuntimeSurface.IsContext(parameter.Type) && contextPointer is { } ctx ? ctx
                : parameter.RefKind != RefKind.None || TypeLowering.IsStruct(parameter.Type) ? Pointer(parameter.Type)
                : Type(parameter.Type)));
        }
        var type = _di.CreateSubroutineType(file, [returnType, .. parameters.Select(p => p.Type)]);
        var subprogram = _di.CreateFunction(file, Sanitize(method.Name), linkageName, file, line, type, localToUnit);
        for (var i = 0; i < parameters.Count; i++)
            _di.CreateParameterVariable(subprogram, parameters[i].Name, (uint)i + 1, file, line, parameters[i].Type);
        return subprogram;
    }

    /// <summary>Pointer to the kernel's context struct (forward-declared: the program never sees its members through BTF).</summary>
    public nint ContextPointer(string kernelStruct) =>
        Named("ctx:" + kernelStruct, () => _di.CreatePointerType(_di.CreateStructForwardDeclaration(CompileUnit, kernelStruct, UnitFile)));

    public nint Pointer(ITypeSymbol pointee) => _di.CreatePointerType(Type(pointee));

    /// <summary>libbpf's <c>__uint(name, n)</c> member type: a pointer to <c>int[n]</c>.</summary>
    public nint PointerToIntArray(long count) =>
        Named("int[]:" + count, () => _di.CreatePointerType(_di.CreateArrayType(Int, count, 32UL * (ulong)count, 32)));

    public nint Int => Named("int", () => _di.CreateBasicType("int", 32, DwarfEncoding.Signed));

    public nint Member(nint scope, string name, ulong offsetInBits, nint type, ulong sizeInBits, uint alignInBits) =>
        _di.CreateMemberType(scope, name, UnitFile, 0, sizeInBits, alignInBits, offsetInBits, type);

    public nint AnonymousStruct(ulong sizeInBits, uint alignInBits, ReadOnlySpan<nint> members) =>
        _di.CreateStructType(CompileUnit, "", UnitFile, 0, sizeInBits, alignInBits, members);

    public nint GlobalVariable(string name, nint type, bool localToUnit, uint alignInBits) =>
        _di.CreateGlobalVariableExpression(CompileUnit, name, UnitFile, 0, type, localToUnit, alignInBits);

    public nint Type(ITypeSymbol type)
    {
        type = GenericInstanceScope.Resolve(type);
        if (_types.TryGetValue(type, out var cached)) return cached;
        var created = Create(type);
        _types[type] = created;
        return created;
    }

    private nint Create(ITypeSymbol type)
    {
        switch (type)
        {
            case IPointerTypeSymbol pointer:
                if (pointer.PointedAtType.SpecialType == SpecialType.System_Void) return _di.CreatePointerType(0);
                if (_building.Contains(pointer.PointedAtType))
                    return _di.CreatePointerType(_di.CreateStructForwardDeclaration(CompileUnit, Sanitize(pointer.PointedAtType.Name), UnitFile));
                return _di.CreatePointerType(Type(pointer.PointedAtType));
            case INamedTypeSymbol { TypeKind: TypeKind.Enum } enumType:
                return Enum(enumType);
            case INamedTypeSymbol named when TypeLowering.IsStruct(named):
                return Struct(named);
            case INamedTypeSymbol named when RuntimeSurface.IsByteSpan(named):
                return _di.CreateStructForwardDeclaration(CompileUnit, "ReadOnlySpan_byte", UnitFile);
            case INamedTypeSymbol named when RuntimeSurface.IsContext(named):
                return ContextPointer(named.Name == "XdpContext" ? "xdp_md" : "__sk_buff");
        }
        return type.SpecialType switch
        {
            SpecialType.System_Boolean => _di.CreateBasicType("_Bool", 8, DwarfEncoding.Boolean),
            SpecialType.System_SByte => _di.CreateBasicType("signed char", 8, DwarfEncoding.Signed),
            SpecialType.System_Byte => _di.CreateBasicType("unsigned char", 8, DwarfEncoding.Unsigned),
            SpecialType.System_Int16 => _di.CreateBasicType("short", 16, DwarfEncoding.Signed),
            SpecialType.System_UInt16 => _di.CreateBasicType("unsigned short", 16, DwarfEncoding.Unsigned),
            SpecialType.System_Char => _di.CreateBasicType("char16_t", 16, DwarfEncoding.Unsigned),
            SpecialType.System_Int32 => Int,
            SpecialType.System_UInt32 => _di.CreateBasicType("unsigned int", 32, DwarfEncoding.Unsigned),
            SpecialType.System_Int64 or SpecialType.System_IntPtr => _di.CreateBasicType("long", 64, DwarfEncoding.Signed),
            SpecialType.System_UInt64 or SpecialType.System_UIntPtr => _di.CreateBasicType("unsigned long", 64, DwarfEncoding.Unsigned),
            _ => throw new UnsupportedConstructException($"debug type of {type.ToDisplayString()}"),
        };
    }

    private nint Enum(INamedTypeSymbol type)
    {
        var underlying = type.EnumUnderlyingType!;
        var unsigned = !TypeLowering.IsSigned(underlying);
        var enumerators = type.GetMembers().OfType<IFieldSymbol>().Where(f => f.HasConstantValue)
            .Select(f => _di.CreateEnumerator(Sanitize(f.Name), unsigned ? unchecked((long)Convert.ToUInt64(f.ConstantValue)) : Convert.ToInt64(f.ConstantValue), unsigned))
            .ToArray();
        var size = (ulong)_layouts.SizeOf(underlying) * 8;
        return _di.CreateEnumerationType(CompileUnit, Sanitize(type.Name), UnitFile, 0, size, (uint)size, enumerators, Type(underlying));
    }

    private nint Struct(INamedTypeSymbol type)
    {
        var layout = _layouts.Of(type);
        _building.Add(type);
        try
        {
            var file = type.Locations.FirstOrDefault(l => l.IsInSource)?.SourceTree is { } tree ? FileOf(tree) : UnitFile;
            var members = new List<nint>();
            foreach (var (field, offset) in layout.Fields)
            {
                nint memberType;
                ulong size;
                uint align;
                if (field.IsFixedSizeBuffer && field.Type is IPointerTypeSymbol element)
                {
                    var elementSize = _layouts.SizeOf(element.PointedAtType);
                    size = (ulong)(elementSize * field.FixedSize) * 8;
                    align = (uint)_layouts.AlignmentOf(element.PointedAtType) * 8;
                    memberType = _di.CreateArrayType(Type(element.PointedAtType), field.FixedSize, size, align);
                }
                else
                {
                    memberType = Type(field.Type);
                    size = (ulong)_layouts.SizeOf(field.Type) * 8;
                    align = (uint)_layouts.AlignmentOf(field.Type) * 8;
                }
                members.Add(_di.CreateMemberType(CompileUnit, Sanitize(field.Name), file, 0, size, align, (ulong)offset * 8, memberType));
            }
            return _di.CreateStructType(CompileUnit, Sanitize(type.Name), file, 0, (ulong)layout.Size * 8, (uint)layout.Alignment * 8, members.ToArray());
        }
        finally
        {
            _building.Remove(type);
        }
    }

    private nint Named(string key, Func<nint> create)
    {
        if (!_named.TryGetValue(key, out var value)) _named[key] = value = create();
        return value;
    }

    /// <summary>BTF accepts only C identifiers as type and member names (see <see cref="ObjectSymbols.Sanitize"/>).</summary>
    public static string Sanitize(string name) => ObjectSymbols.Sanitize(name);

    private string RelativeName(string path)
    {
        if (path.Length == 0) return "source.cs";
        var relative = string.IsNullOrEmpty(_sourceRoot) ? path : Path.GetRelativePath(_sourceRoot, path);
        return relative.Replace('\\', '/');
    }

    private static string? CommonDirectory(IEnumerable<string> paths)
    {
        string? common = null;
        foreach (var path in paths)
        {
            var directory = Path.GetDirectoryName(path) ?? "";
            if (common == null) { common = directory; continue; }
            while (common.Length > 0 && !(directory + Path.DirectorySeparatorChar).StartsWith(common + Path.DirectorySeparatorChar, StringComparison.Ordinal))
                common = Path.GetDirectoryName(common) ?? "";
        }
        return common;
    }
}
