using System.Collections.Immutable;
using BpfSharp.Compiler.Emit;
using BpfSharp.Compiler.Llvm;
using BpfSharp.Compiler.Model;
using Microsoft.CodeAnalysis;

namespace BpfSharp.Compiler.CodeGen;

/// <summary>
/// The back half of the compiler: lowers a checked <see cref="ProgramModel"/> to LLVM IR for BPF, with BTF from debug
/// info, runs the <c>default&lt;O2&gt;</c> pipeline and emits the ELF object. It never throws for a program it cannot
/// compile; it reports diagnostics instead.
/// </summary>
public static class CodeGenerator
{
    private const string Pipeline = "default<O2>";

    /// <summary>Compiles <paramref name="model"/> to a BPF object, or reports why it cannot.</summary>
    public static CodeGenResult Generate(ProgramModel model) => Generate(model, null);

    /// <summary>As <see cref="Generate(ProgramModel)"/>, also handing the optimised LLVM IR to <paramref name="irSink"/> (for tests and debugging).</summary>
    public static CodeGenResult Generate(ProgramModel model, Action<string>? irSink)
    {
        var diagnostics = ImmutableArray.CreateBuilder<Diagnostic>();
        try
        {
            var bytes = Compile(model, diagnostics, irSink);
            return new CodeGenResult(diagnostics.Count == 0 ? bytes : null, diagnostics.ToImmutable());
        }
        catch (UnsupportedConstructException e)
        {
            diagnostics.Add(Diagnostic.Create(CodeGenDiagnostics.Unsupported, e.Location ?? Location.None, e.What));
        }
        catch (LlvmException e)
        {
            diagnostics.Add(Diagnostic.Create(CodeGenDiagnostics.Internal, Location.None, e.Message));
        }
        catch (DllNotFoundException e)
        {
            diagnostics.Add(Diagnostic.Create(CodeGenDiagnostics.Internal, Location.None, $"LLVM 19 (libLLVM.so.19.1) is not installed: {e.Message}"));
        }
        catch (Exception e) when (IsInternalFailure(e))
        {
            // A bug of the code generator on this program: the build gets an actionable error instead of a crash.
            diagnostics.Add(Diagnostic.Create(CodeGenDiagnostics.Internal, Location.None, $"{e.GetType().Name}: {e.Message}{Environment.NewLine}{e.StackTrace}"));
        }
        return new CodeGenResult(null, diagnostics.ToImmutable());
    }

    private static byte[]? Compile(ProgramModel model, ImmutableArray<Diagnostic>.Builder diagnostics, Action<string>? irSink)
    {
        using var context = new LlvmContext();
        using var module = new LlvmModule(context, "bpfsharp");
        using var di = new LlvmDIBuilder(module);
        using var target = new BpfTarget();
        var layouts = new StructLayouts(model.Compilation);
        var types = new TypeLowering(context, layouts);
        var primaryTree = model.EntryPoints.FirstOrDefault()?.Method.Locations.FirstOrDefault(l => l.IsInSource)?.SourceTree;
        var debug = new DebugInfo(di, context, layouts, model.Compilation, primaryTree, model.ProjectDirectory);
        var m = new ModuleState(model, context, module, types, debug);

        module.AddFlag(LlvmModuleFlagBehavior.Warning, "Dwarf Version", types.I32, 5);
        module.AddFlag(LlvmModuleFlagBehavior.Warning, "Debug Info Version", types.I32, 3);

        Guard(diagnostics, null, () => GlobalEmitter.EmitLicense(m, model.License));
        foreach (var map in model.Maps)
            Guard(diagnostics, map.Field.Locations.FirstOrDefault(), () => m.Maps[map.Field.OriginalDefinition] = MapEmitter.Emit(m, map));
        foreach (var global in model.Globals)
            Guard(diagnostics, global.Field.Locations.FirstOrDefault(), () => m.Globals[global.Field.OriginalDefinition] = (GlobalEmitter.Emit(m, global), global.ReadOnly));

        var entries = new Dictionary<IMethodSymbol, EntryPoint>(SymbolEqualityComparer.Default);
        foreach (var entry in model.EntryPoints)
        {
            entries[entry.Method.OriginalDefinition] = entry;
            Guard(diagnostics, entry.Method.Locations.FirstOrDefault(), () => m.FunctionFor(entry.Method, entry.Section));
        }
        while (m.TryDequeue(out var method))
        {
            var isEntry = entries.TryGetValue(method, out var entry);
            Guard(diagnostics, method.Locations.FirstOrDefault(), () =>
            {
                var function = m.FunctionFor(method);
                var contextPointer = isEntry ? debug.ContextPointer(entry!.Kind == ProgramKind.Xdp ? "xdp_md" : "__sk_buff") : (nint?)null;
                var subprogram = debug.Subprogram(method, function.Symbol, localToUnit: !isEntry, contextPointer);
                FunctionLowering.Lower(m, method, function, subprogram);
            });
        }
        di.FinalizeDebugInfo();
        if (diagnostics.Count > 0) return null;

        if (module.Verify() is { } invalid)
            throw new LlvmException($"the generated LLVM module is invalid: {invalid}");
        using (var options = new LlvmPassBuilderOptions()) options.Run(module, target, Pipeline);
        irSink?.Invoke(module.ToIr());
        var bytes = target.EmitObject(module);
        // The back end repeats one complaint for every instruction it concerns: report each complaint once, at its first place.
        var reported = new HashSet<string>();
        foreach (var error in context.Errors)
        {
            var what = System.Text.RegularExpressions.Regex.Replace(error, @"^[^:\s]+:\d+:\d+: (in function [^:]+: )?", "").Trim();
            if (reported.Add(what))
                diagnostics.Add(Diagnostic.Create(CodeGenDiagnostics.Unsupported, debug.LocationOfLlvmMessage(error, model.Compilation) ?? Location.None,
                    $"the BPF back end refused the program: {what}"));
        }
        return diagnostics.Count == 0 ? bytes : null;
    }

    private static void Guard(ImmutableArray<Diagnostic>.Builder diagnostics, Location? fallback, Action action)
    {
        try
        {
            action();
        }
        catch (UnsupportedConstructException e)
        {
            diagnostics.Add(Diagnostic.Create(CodeGenDiagnostics.Unsupported, e.Location ?? fallback ?? Location.None, e.What));
        }
        catch (Exception e) when (IsInternalFailure(e))
        {
            diagnostics.Add(Diagnostic.Create(CodeGenDiagnostics.Internal, fallback ?? Location.None, $"{e.GetType().Name}: {e.Message}"));
        }
    }

    private static bool IsInternalFailure(Exception e) =>
        e is InvalidOperationException or InvalidCastException or NullReferenceException or ArgumentException or KeyNotFoundException or IndexOutOfRangeException;
}
