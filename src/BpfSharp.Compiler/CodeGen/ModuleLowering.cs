using System.Collections.Immutable;
using BpfSharp.Compiler.Diagnostics;
using BpfSharp.Compiler.Llvm;
using BpfSharp.Compiler.Model;
using Microsoft.CodeAnalysis;

namespace BpfSharp.Compiler.CodeGen;

/// <summary>
/// The lowering stage: the checked model to an optimised LLVM module for BPF, with BTF from debug info. Declares the
/// licence, the maps, the globals and a function for each method of the model, lowers every body, then runs the
/// <c>default&lt;O2&gt;</c> pipeline and widens packet accesses. A construct it cannot lower becomes a diagnostic at
/// its C# location, and lowering goes on with the next declaration so that every one is reported.
/// </summary>
internal static class ModuleLowering
{
    private const string Pipeline = "default<O2>";

    public static LoweredModule Lower(ProgramModel model)
    {
        var context = new LlvmContext();
        LlvmModule? module = null;
        BpfTarget? target = null;
        try
        {
            module = new LlvmModule(context, "bpfsharp");
            target = new BpfTarget();
            var diagnostics = ImmutableArray.CreateBuilder<Diagnostic>();
            using var di = new LlvmDIBuilder(module);
            var layouts = new StructLayouts(model.Compilation);
            var types = new TypeLowering(context, layouts);
            var primaryTree = model.EntryPoints.FirstOrDefault()?.Method.Locations.FirstOrDefault(l => l.IsInSource)?.SourceTree;
            var debug = new DebugInfo(di, context, layouts, model.Compilation, primaryTree, model.ProjectDirectory);
            var m = new ModuleState(model, context, module, types, debug);
            module.AddFlag(LlvmModuleFlagBehavior.Warning, "Dwarf Version", types.I32, 5);
            module.AddFlag(LlvmModuleFlagBehavior.Warning, "Debug Info Version", types.I32, 3);
            var entryDataOffsets = LowerDeclarationsAndBodies(m, diagnostics);
            di.FinalizeDebugInfo();
            if (diagnostics.Count == 0) Optimise(module, target, entryDataOffsets);
            return new LoweredModule(context, module, target, message => debug.LocationOfLlvmMessage(message, model.Compilation), diagnostics.ToImmutable());
        }
        catch
        {
            target?.Dispose();
            module?.Dispose();
            context.Dispose();
            throw;
        }
    }

    /// <summary>Lowers everything; returns each entry point's function with the offset of <c>data</c> in its context.</summary>
    private static Dictionary<nint, int> LowerDeclarationsAndBodies(ModuleState m, ImmutableArray<Diagnostic>.Builder diagnostics)
    {
        var model = m.Model;
        Guard(diagnostics, null, () => GlobalLowering.EmitLicense(m, model.License));
        foreach (var map in model.Maps)
            Guard(diagnostics, map.Field.Locations.FirstOrDefault(), () => m.Maps[map.Field.OriginalDefinition] = MapLowering.Emit(m, map));
        foreach (var global in model.Globals)
            Guard(diagnostics, global.Field.Locations.FirstOrDefault(), () => m.Globals[global.Field.OriginalDefinition] = (GlobalLowering.Emit(m, global), global.ReadOnly));

        var entries = model.EntryPoints.ToDictionary(e => e.Method.OriginalDefinition, e => e, (IEqualityComparer<IMethodSymbol>)SymbolEqualityComparer.Default);
        var entryDataOffsets = new Dictionary<nint, int>();
        // A generic method is in the model once per instance, as its constructed method: one function each.
        var methods = model.Methods.Select(method => method.IsGenericMethod ? method : method.OriginalDefinition).ToList();
        foreach (var method in methods)
            Guard(diagnostics, method.Locations.FirstOrDefault(), () =>
            {
                var entry = entries.GetValueOrDefault(method);
                var function = m.Declare(method, entry?.Section);
                if (entry != null) entryDataOffsets[function.Handle] = entry.Kind == ProgramKind.Xdp ? FunctionLowering.XdpData : FunctionLowering.SkbData;
            });
        foreach (var method in methods)
        {
            if (m.FunctionOf(method) is not { } function) continue;
            var entry = entries.GetValueOrDefault(method);
            Guard(diagnostics, method.Locations.FirstOrDefault(), () =>
            {
                using var instance = GenericInstanceScope.Enter(method, model.Compilation);
                var contextPointer = entry != null ? m.Debug.ContextPointer(entry.Kind == ProgramKind.Xdp ? "xdp_md" : "__sk_buff") : (nint?)null;
                var subprogram = m.Debug.Subprogram(method, function.Symbol, localToUnit: entry == null, contextPointer);
                FunctionLowering.Lower(m, method, function, subprogram);
            });
        }
        return entryDataOffsets;
    }

    private static void Optimise(LlvmModule module, BpfTarget target, Dictionary<nint, int> entryDataOffsets)
    {
        if (module.Verify() is { } invalid)
            throw new LlvmException($"the generated LLVM module is invalid: {invalid}");
        using (var options = new LlvmPassBuilderOptions()) options.Run(module, target, Pipeline);
        PacketAccessAlignment.Apply(entryDataOffsets);
    }

    private static void Guard(ImmutableArray<Diagnostic>.Builder diagnostics, Location? fallback, Action action)
    {
        try
        {
            action();
        }
        catch (UnsupportedConstructException e)
        {
            diagnostics.Add(Diagnostic.Create(BpfDiagnostics.Unsupported, e.Location ?? fallback ?? Location.None, e.What));
        }
        catch (Exception e) when (IsInternalFailure(e))
        {
            diagnostics.Add(Diagnostic.Create(BpfDiagnostics.InternalError, fallback ?? Location.None, $"{e.GetType().Name}: {e.Message}"));
        }
    }

    /// <summary>Exceptions that mean a bug of the code generator on this program rather than a failure of the process.</summary>
    public static bool IsInternalFailure(Exception e) =>
        e is InvalidOperationException or InvalidCastException or NullReferenceException or ArgumentException or KeyNotFoundException or IndexOutOfRangeException;
}
