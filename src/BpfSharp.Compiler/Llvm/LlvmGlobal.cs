namespace BpfSharp.Compiler.Llvm;

/// <summary>What the code generator sets on globals and functions: initialisers, sections, linkage, attributes, debug info.</summary>
internal static class LlvmGlobal
{
    /// <summary>Sets the initial value of a global variable.</summary>
    public static void SetInitializer(nint global, nint value) => LlvmApi.LLVMSetInitializer(global, value);

    /// <summary>Places a global or a function in an ELF section.</summary>
    public static void SetSection(nint global, string section) => LlvmApi.LLVMSetSection(global, section);

    /// <summary>Sets the linkage of a global or a function.</summary>
    public static void SetLinkage(nint global, LlvmLinkage linkage) => LlvmApi.LLVMSetLinkage(global, (int)linkage);

    /// <summary>Marks a global variable constant.</summary>
    public static void SetConstant(nint global) => LlvmApi.LLVMSetGlobalConstant(global, 1);

    /// <summary>Attaches a debug-info global variable expression (<c>!dbg</c>), from which BTF describes the global.</summary>
    public static void SetDebugInfo(LlvmContext context, nint global, nint expression) =>
        LlvmApi.LLVMGlobalSetMetadata(global, context.MetadataKind("dbg"), expression);

    /// <summary>Attaches a function's debug-info subprogram.</summary>
    public static void SetSubprogram(nint function, nint subprogram) => LlvmApi.LLVMSetSubprogram(function, subprogram);

    /// <summary>Adds an enum attribute (such as <c>nounwind</c>) to a function itself.</summary>
    public static void AddFunctionAttribute(LlvmContext context, nint function, string attribute)
    {
        const uint functionIndex = uint.MaxValue;
        LlvmApi.LLVMAddAttributeAtIndex(function, functionIndex, context.EnumAttribute(attribute));
    }
}
