using System.Text.RegularExpressions;

namespace BpfSharp.Compiler.Emit;

/// <summary>
/// What the BPF back end refused, said in C# terms: LLVM's own text (function signatures, SelectionDAG nodes such as
/// "0x556b…: i64 = GlobalAddress") never reaches a user. A refusal this table does not know keeps only LLVM's sentence.
/// </summary>
internal static partial class BackEndRefusal
{
    private static readonly (string LlvmPhrase, string CSharp)[] s_known =
    [
        ("stack limit is exceeded",
            "a method whose locals need more than the 512 bytes of stack a BPF program has (move large structs into a PerCpuArrayMap with one entry and work on the pointer its Lookup returns)"),
        ("too many arguments",
            "a call with more than five arguments (BPF passes arguments in five registers; group parameters in a struct passed by ref)"),
        ("stack arguments are not supported",
            "a call with more than five arguments (BPF passes arguments in five registers; group parameters in a struct passed by ref)"),
        ("aggregate returns are not supported",
            "a method returning a struct by value across a BPF call (return it through an out parameter)"),
        ("pass by value not supported",
            "a struct passed by value across a BPF call (pass it by ref or in)"),
        ("only small returns supported",
            "a method returning a struct by value across a BPF call (return it through an out parameter)"),
        ("functions with VarArgs or StructRet are not supported",
            "a method with a variable argument list or a struct result across a BPF call (return the struct through an out parameter)"),
        ("unsupported dynamic stack allocation",
            "stackalloc of a length that is not a constant (use a constant length)"),
        ("unsupported signed division",
            "signed division or remainder by a value not known to be positive (divide unsigned values: cast both operands to uint or ulong)"),
    ];

    /// <summary>The C# description of one back-end error message (its file:line prefix already removed or not).</summary>
    public static string Describe(string llvmMessage)
    {
        foreach (var (phrase, csharp) in s_known)
            if (llvmMessage.Contains(phrase, StringComparison.OrdinalIgnoreCase)) return csharp;
        var text = Prefix().Replace(llvmMessage, "");
        text = FunctionSignature().Replace(text, "");
        var dagNode = DagNode().Match(text);
        if (dagNode.Success) text = text[..dagNode.Index];
        text = text.Split('\n')[0].Trim().TrimEnd('.', ':', ' ');
        return $"this construct, which the BPF back end refused ({text}); rewrite it with what docs/diagnostics.md#bpf9001 lists";
    }

    [GeneratedRegex(@"^[^:\s]+:\d+:\d+: ")]
    private static partial Regex Prefix();

    [GeneratedRegex(@"in function [^:]+: ")]
    private static partial Regex FunctionSignature();

    [GeneratedRegex(@"\s*0x[0-9a-f]+: ")]
    private static partial Regex DagNode();
}
