namespace BpfSharp.Compiler.Llvm;

/// <summary>Reading the instructions of an optimised module, for passes that run after LLVM's pipeline.</summary>
internal static class LlvmInstruction
{
    /// <summary>Every instruction of <paramref name="function"/>, block by block.</summary>
    public static IEnumerable<nint> Of(nint function)
    {
        for (var block = LlvmApi.LLVMGetFirstBasicBlock(function); block != 0; block = LlvmApi.LLVMGetNextBasicBlock(block))
            for (var instruction = LlvmApi.LLVMGetFirstInstruction(block); instruction != 0; instruction = LlvmApi.LLVMGetNextInstruction(instruction))
                yield return instruction;
    }

    /// <summary>The opcode of <paramref name="value"/> when it is an instruction, else null.</summary>
    public static LlvmOpcode? OpcodeOf(nint value) =>
        LlvmApi.LLVMIsAInstruction(value) != 0 ? (LlvmOpcode)LlvmApi.LLVMGetInstructionOpcode(value) : null;

    /// <summary>Adds an enum attribute (such as <c>nocapture</c>) to argument <paramref name="argument"/> (0-based) of <paramref name="call"/>.</summary>
    public static void AddArgumentAttribute(LlvmContext context, nint call, int argument, string attribute) =>
        LlvmApi.LLVMAddCallSiteAttribute(call, (uint)argument + 1, context.EnumAttribute(attribute));

    /// <summary>Operand <paramref name="index"/> of an instruction.</summary>
    public static nint Operand(nint instruction, int index) => LlvmApi.LLVMGetOperand(instruction, (uint)index);

    /// <summary>The number of operands of an instruction.</summary>
    public static int OperandCount(nint instruction) => LlvmApi.LLVMGetNumOperands(instruction);

    /// <summary>True for the null pointer constant.</summary>
    public static bool IsNullPointer(nint value) => LlvmApi.LLVMIsAConstantPointerNull(value) != 0;

    /// <summary>True for an integer constant.</summary>
    public static bool IsConstantInt(nint value) => LlvmApi.LLVMIsAConstantInt(value) != 0;

    /// <summary>True when <paramref name="call"/> calls the LLVM intrinsic with id <paramref name="intrinsicId"/>.</summary>
    public static bool CallsIntrinsic(nint call, uint intrinsicId)
    {
        var callee = LlvmApi.LLVMGetCalledValue(call);
        return callee != 0 && LlvmApi.LLVMGetIntrinsicID(callee) == intrinsicId;
    }

    /// <summary>The id of the LLVM intrinsic called <paramref name="name"/> (0 when there is none).</summary>
    public static uint IntrinsicId(string name) => (uint)LlvmApi.LLVMLookupIntrinsicID(name, (nuint)name.Length);
}

/// <summary><c>LLVMOpcode</c> values the code generator inspects.</summary>
internal enum LlvmOpcode
{
    Load = 27,
    Store = 28,
    GetElementPtr = 29,
    ZExt = 31,
    IntToPtr = 40,
    Phi = 44,
    Call = 45,
    Select = 46,
    Freeze = 68,
}
