using BpfSharp.Compiler.Llvm;
using BpfSharp.Compiler.Model;
using Microsoft.CodeAnalysis;

namespace BpfSharp.Compiler.CodeGen;

/// <summary>A C# method as an LLVM function: its handle, its IR signature and how C# parameters map onto it.</summary>
/// <param name="Handle">The LLVM function.</param>
/// <param name="Type">Its LLVM function type.</param>
/// <param name="ReturnsThroughPointer">Struct results are written through a hidden first parameter.</param>
/// <param name="Symbol">Its ELF symbol name.</param>
internal sealed record LoweredFunction(nint Handle, nint Type, bool ReturnsThroughPointer, string Symbol);

/// <summary>Module-wide state shared by the lowering of every function: LLVM objects, types, globals, declared functions.</summary>
internal sealed class ModuleState(
    ProgramModel model,
    LlvmContext context,
    LlvmModule module,
    TypeLowering types,
    DebugInfo debug)
{
    private readonly Dictionary<IMethodSymbol, LoweredFunction> _functions = new(SymbolEqualityComparer.Default);
    private readonly ObjectSymbols _symbols = new();
    private int _passthroughSequence;

    public ProgramModel Model { get; } = model;
    public LlvmContext Context { get; } = context;
    public LlvmModule Module { get; } = module;
    public TypeLowering Types { get; } = types;
    public DebugInfo Debug { get; } = debug;
    public Dictionary<IFieldSymbol, nint> Maps { get; } = new(SymbolEqualityComparer.Default);
    public Dictionary<IFieldSymbol, (nint Global, bool ReadOnly)> Globals { get; } = new(SymbolEqualityComparer.Default);
    public Dictionary<string, nint> ByteStrings { get; } = [];

    /// <summary>Declares the LLVM function of a method of the checked model: an entry point when it has a section.</summary>
    public LoweredFunction Declare(IMethodSymbol method, string? entrySection)
    {
        method = KeyOf(method);
        var returnsThroughPointer = !method.ReturnsVoid && !method.ReturnsByRef && TypeLowering.IsStruct(method.ReturnType);
        var parameters = new List<nint>();
        if (returnsThroughPointer) parameters.Add(Types.Ptr);
        if (!method.IsStatic) parameters.Add(Types.Ptr);
        foreach (var parameter in method.Parameters)
            parameters.Add(parameter.RefKind != RefKind.None || TypeLowering.IsStruct(parameter.Type) ? Types.Ptr : Types.Scalar(parameter.Type));
        var returnType = method.ReturnsVoid || returnsThroughPointer ? Types.Void
            : method.ReturnsByRef ? Types.Ptr
            : Types.Scalar(method.ReturnType);
        var functionType = LlvmValue.FunctionType(returnType, parameters.ToArray());
        var name = entrySection != null ? UniqueSymbol(ObjectSymbols.EntrySymbol(method, Model.EntryPoints)) : UniqueSymbol(ObjectSymbols.FunctionSymbol(method));
        var function = Module.AddFunction(name, functionType);
        LlvmGlobal.AddFunctionAttribute(Context, function, "nounwind");
        if (entrySection != null)
        {
            LlvmGlobal.SetSection(function, entrySection);
        }
        else
        {
            LlvmGlobal.SetLinkage(function, LlvmLinkage.Internal);
            // [MethodImpl(MethodImplOptions.NoInlining)] asks for a real BPF-to-BPF call; everything else is inlined.
            bool noInlining = (method.MethodImplementationFlags & System.Reflection.MethodImplAttributes.NoInlining) != 0;
            LlvmGlobal.AddFunctionAttribute(Context, function, noInlining ? "noinline" : "alwaysinline");
        }
        var lowered = new LoweredFunction(function, functionType, returnsThroughPointer, name);
        _functions[method] = lowered;
        return lowered;
    }

    /// <summary>The declared function of <paramref name="method"/>, or null when the checked model does not hold it.</summary>
    public LoweredFunction? FunctionOf(IMethodSymbol method) => _functions.GetValueOrDefault(KeyOf(method));

    /// <summary>A method is compiled once, a generic method once per instance (its constructed method).</summary>
    private static IMethodSymbol KeyOf(IMethodSymbol method) => method.IsGenericMethod ? method : method.OriginalDefinition;

    /// <summary>A fresh sequence number: distinct <c>llvm.bpf.passthrough</c> calls must not be merged.</summary>
    public int NextPassthroughSequence() => _passthroughSequence++;

    /// <summary>Claims an ELF symbol name, suffixed when taken (see <see cref="ObjectSymbols"/>).</summary>
    public string UniqueSymbol(string wanted) => _symbols.Claim(wanted);
}
