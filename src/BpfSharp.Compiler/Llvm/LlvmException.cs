namespace BpfSharp.Compiler.Llvm;

/// <summary>LLVM refused an operation (an invalid module, a failed pass pipeline or object emission).</summary>
public sealed class LlvmException(string message) : Exception(message);
