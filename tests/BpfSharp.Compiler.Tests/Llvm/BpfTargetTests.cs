using BpfSharp.Compiler.Llvm;
using BpfSharp.Compiler.Tests.Emit;

namespace BpfSharp.Compiler.Tests.Llvm;

public class BpfTargetTests
{
    [Fact]
    public void A_module_with_one_function_is_emitted_as_a_bpf_elf_object_in_memory()
    {
        using var context = new LlvmContext();
        using var module = new LlvmModule(context, "test");
        using var builder = new LlvmBuilder(context);
        using var target = new BpfTarget();
        var function = AddFunction(context, module, "answer", parameterCount: 0);
        builder.PositionAtEnd(LlvmApi.LLVMAppendBasicBlockInContext(context.Handle, function, "entry"));
        builder.Ret(LlvmApi.LLVMConstInt(LlvmApi.LLVMInt64TypeInContext(context.Handle), 42, 0));

        Assert.Null(module.Verify());
        using var buffer = target.EmitToMemory(module);
        var elf = new ElfSections(buffer.ToArray());

        Assert.Equal(247, elf.Machine);
        Assert.Contains("answer", elf.SymbolNames());
    }

    [Fact]
    public void The_ir_verifier_reports_a_malformed_module_instead_of_crashing()
    {
        using var context = new LlvmContext();
        using var module = new LlvmModule(context, "test");
        var function = AddFunction(context, module, "unterminated", parameterCount: 0);
        LlvmApi.LLVMAppendBasicBlockInContext(context.Handle, function, "entry");

        Assert.Contains("terminator", module.Verify());
    }

    [Fact]
    public void A_back_end_error_is_collected_on_the_context_instead_of_terminating_the_process()
    {
        using var context = new LlvmContext();
        using var module = new LlvmModule(context, "test");
        using var builder = new LlvmBuilder(context);
        using var target = new BpfTarget();
        var callee = AddFunction(context, module, "six", parameterCount: 6);
        builder.PositionAtEnd(LlvmApi.LLVMAppendBasicBlockInContext(context.Handle, callee, "entry"));
        builder.Ret(LlvmApi.LLVMGetParam(callee, 5));
        var caller = AddFunction(context, module, "caller", parameterCount: 0);
        builder.PositionAtEnd(LlvmApi.LLVMAppendBasicBlockInContext(context.Handle, caller, "entry"));
        var i64 = LlvmApi.LLVMInt64TypeInContext(context.Handle);
        var arguments = Enumerable.Range(1, 6).Select(i => LlvmApi.LLVMConstInt(i64, (ulong)i, 0)).ToArray();
        builder.Ret(builder.Call(FunctionType(context, 6), callee, arguments));

        target.EmitToMemory(module).Dispose();

        Assert.Contains(context.Errors, e => e.Contains("too many arguments", StringComparison.OrdinalIgnoreCase));
    }

    private static unsafe nint FunctionType(LlvmContext context, int parameterCount)
    {
        var i64 = LlvmApi.LLVMInt64TypeInContext(context.Handle);
        var parameters = Enumerable.Repeat(i64, parameterCount).ToArray();
        fixed (nint* p = parameters) return LlvmApi.LLVMFunctionType(i64, p, (uint)parameterCount, 0);
    }

    private static nint AddFunction(LlvmContext context, LlvmModule module, string name, int parameterCount) =>
        LlvmApi.LLVMAddFunction(module.Handle, name, FunctionType(context, parameterCount));
}
