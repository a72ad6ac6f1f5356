using Microsoft.CodeAnalysis;

namespace BpfSharp.Compiler.Diagnostics;

/// <summary>
/// Every diagnostic the BpfSharp compiler reports. Ids BPF00xx are subset rules (what C# the kernel cannot run),
/// BPF01xx are program-shape rules (entry points, maps, globals), BPF9xxx are failures of the compiler itself and
/// constructs the code generator cannot lower.
/// Each message says what is wrong; each description says what to write instead.
/// </summary>
public static class BpfDiagnostics
{
    private const string SubsetCategory = "BpfSharp.Subset";
    private const string ProgramCategory = "BpfSharp.Program";
    private const string CompilerCategory = "BpfSharp.Compiler";
    private const string CodeGenCategory = "BpfSharp.CodeGen";

    /// <summary>BPF0001: allocation of a reference type.</summary>
    public static readonly DiagnosticDescriptor Allocation = Error(
        "BPF0001", "Allocation of a reference type", "'{0}' allocates on the managed heap, which a BPF program does not have; use an unmanaged struct local, a map value or packet memory instead",
        "Use unmanaged structs on the stack (locals), map values (Lookup returns a pointer into the map) or packet memory instead of classes, arrays and collections.");

    /// <summary>BPF0002: a string other than a u8 literal.</summary>
    public static readonly DiagnosticDescriptor String = Error(
        "BPF0002", "String outside the subset", "Strings are not available in a BPF program; use a u8 literal (\"...\"u8) and compare bytes, or numeric codes instead of text",
        "Compare bytes with a u8 literal (\"text\"u8) indexed in a bounded loop, or store numeric codes instead of text.");

    /// <summary>BPF0003: exceptions, throw, try, using, lock.</summary>
    public static readonly DiagnosticDescriptor Exceptions = Error(
        "BPF0003", "Exceptions are not available", "'{0}' needs exception handling, which a BPF program does not have; return an error code or a verdict (such as XdpAction.Pass) instead",
        "Return an error code or a verdict (for example XdpAction.Pass to leave the packet to userspace) instead of throwing; there is nothing to dispose or lock; "
        + "arithmetic wraps (unchecked), so test for overflow explicitly where it matters.");

    /// <summary>BPF0004: lambdas, delegates, local functions.</summary>
    public static readonly DiagnosticDescriptor Delegates = Error(
        "BPF0004", "Lambdas, delegates and local functions are not available", "'{0}' needs a delegate or a closure, which a BPF program cannot hold; write a private static method and call it directly",
        "Write a private static method and call it directly.");

    /// <summary>BPF0005: LINQ and foreach.</summary>
    public static readonly DiagnosticDescriptor Enumeration = Error(
        "BPF0005", "LINQ and foreach are not available", "'{0}' enumerates through an enumerator, which a BPF program cannot run; write for (int i = 0; i < N; i++) with a constant N",
        "Write a for-loop with a constant bound: for (int i = 0; i < N; i++).");

    /// <summary>BPF0006: virtual or interface call.</summary>
    public static readonly DiagnosticDescriptor VirtualCall = Error(
        "BPF0006", "Virtual and interface calls are not available", "'{0}' is dispatched at run time, which a BPF program cannot do; call a static method or a non-virtual method of a struct instead",
        "Call a static method, or a non-virtual method of a struct, chosen at compile time.");

    /// <summary>BPF0007: recursion.</summary>
    public static readonly DiagnosticDescriptor Recursion = Error(
        "BPF0007", "Recursion is not available", "Call to '{0}' closes a cycle in the call graph, and the verifier rejects recursion; rewrite it as a for-loop with a constant bound",
        "Rewrite the recursion as a for-loop with a constant bound.");

    /// <summary>BPF0008: boxing.</summary>
    public static readonly DiagnosticDescriptor Boxing = Error(
        "BPF0008", "Boxing is not available", "Converting '{0}' to '{1}' boxes it on the managed heap; keep the value in its own type (an overload, or a generic constrained to unmanaged)",
        "Keep values in their own type; use generics constrained to unmanaged, or overloads, instead of object or interfaces.");

    /// <summary>BPF0009: loop without a visible bound.</summary>
    public static readonly DiagnosticDescriptor UnboundedLoop = Error(
        "BPF0009", "Loop without a bound the compiler can see", "{0}",
        "Write for (int i = 0; i < N; i++) with a constant N (or <=), an int or uint induction variable declared and initialised to a constant in the for, "
        + "incremented by a positive constant only in the for's increment; or a while/do loop whose condition includes 'i < N' and whose body increments i "
        + "unconditionally, with no other writes to i and no continue. A condition may add other tests with &&. Backward goto is not allowed.");

    /// <summary>BPF0010: call outside the subset.</summary>
    public static readonly DiagnosticDescriptor OutsideCall = Error(
        "BPF0010", "Call outside the subset", "'{0}' is not part of the program and not a BpfSharp intrinsic, so it cannot run in the kernel; write the logic in a static method of the program or use a BpfSharp helper",
        "Call methods of the program's own assembly, BpfSharp helpers (maps, contexts, Bpf, Checksum, ByteOrder), BinaryPrimitives.ReverseEndianness, "
        + "BitOperations' PopCount, TrailingZeroCount, LeadingZeroCount, RotateLeft and RotateRight, "
        + "or Interlocked's Add, Increment, Decrement, Exchange, CompareExchange, Or and And.");

    /// <summary>BPF0011: floating point.</summary>
    public static readonly DiagnosticDescriptor FloatingPoint = Error(
        "BPF0011", "Floating point is not available", "'{0}' uses floating point ({1}), which BPF has no instructions for; use integers (fixed point or per-mille ratios)",
        "Use integers, for example fixed point (value scaled by a power of two) or per-mille ratios.");

    /// <summary>BPF0012: type outside the subset.</summary>
    public static readonly DiagnosticDescriptor ManagedType = Error(
        "BPF0012", "Type outside the subset", "'{0}' has type '{1}', which is not a primitive, enum, pointer or unmanaged struct; use one of those (a fixed buffer instead of an array, a u8 literal instead of a string)",
        "Use integer and bool primitives, enums, pointers and structs whose fields are all of those (fixed buffers instead of arrays).");

    /// <summary>BPF0013: static mutable field or static field that is neither a map nor primitive configuration.</summary>
    public static readonly DiagnosticDescriptor StaticField = Error(
        "BPF0013", "Static field outside the subset", "Static field '{0}' is not a [Map] and not a static readonly integer, bool or enum; keep mutable state in a [Map] (an ArrayMap with one entry) and make configuration static readonly or const",
        "Keep mutable state in a map (an ArrayMap with one entry for a single value); configuration is 'static readonly' of a primitive type or 'const'.");

    /// <summary>BPF0014: an <c>Interlocked</c> operation the kernel cannot perform atomically.</summary>
    public static readonly DiagnosticDescriptor Atomic = Error(
        "BPF0014", "Atomic operation the kernel cannot perform", "'{0}' {1}",
        "BPF atomic instructions work on 32- and 64-bit integers (int, uint, long, ulong) in map values: write "
        + "Interlocked.Add(ref value->Count, 1) on the pointer a map's Lookup returns. A local is private to one run of the "
        + "program, so plain arithmetic on it is already exact; the verifier refuses atomics on packet memory, so count in a "
        + "map value instead; widen an 8- or 16-bit field to uint.");

    /// <summary>BPF0016: a static abstract interface member other than an operator, reached through a type parameter.</summary>
    public static readonly DiagnosticDescriptor GenericMathMember = Error(
        "BPF0016", "Generic math beyond operators",
        "'{0}' is a static abstract interface member, which the compiler does not lower (of generic math, only the operators "
        + "+, -, *, /, %, &, |, ^, <<, >>, ==, !=, <, <=, >, >=, ++ and -- are); write default(T) for zero, or pass other values in as parameters of type T",
        "A generic method is compiled once per set of type arguments; the operators of the generic math interfaces (INumber<T>, "
        + "IComparisonOperators<T, T, bool>, ...) become the integer operator of the type argument. Other static abstract members "
        + "(T.Zero, T.One, T.MaxValue, T.CreateTruncating) are not lowered: write default(T) for zero and pass other values in as parameters.");

    /// <summary>BPF0017: an instance of a generic method whose type argument the subset does not allow.</summary>
    public static readonly DiagnosticDescriptor GenericInstance = Error(
        "BPF0017", "Generic method instantiated outside the subset",
        "'{0}' instantiates '{1}' with '{2}', {3}; call it with an integer, enum, pointer or unmanaged struct type",
        "Each instance of a generic method is compiled for its type arguments and checked as if written for them: a type argument "
        + "must be a primitive integer or bool, an enum, a pointer or an unmanaged struct, and the operators of generic math apply "
        + "only to integer type arguments. The error is reported at the call and at the declaration or operator that needs the type.");

    /// <summary>BPF0015: a method called as a real BPF-to-BPF call with more arguments than BPF passes in registers.</summary>
    public static readonly DiagnosticDescriptor TooManyArguments = Error(
        "BPF0015", "BPF call with more than five arguments",
        "'{0}' is not inlined ([MethodImpl(MethodImplOptions.NoInlining)]) and takes {1} arguments{2}, but a BPF call takes at most five; "
        + "group the extra parameters in a struct passed by ref, or let the method be inlined",
        "BPF passes call arguments in registers R1 to R5 and has no stack arguments. A method compiled as a real BPF-to-BPF call "
        + "([MethodImpl(MethodImplOptions.NoInlining)]) can take at most five; a struct result and an instance method's 'this' each take one. "
        + "Pass related values in one struct by ref (ref Flow flow), or drop NoInlining so that the method is inlined.");

    /// <summary>BPF0100: entry point with a wrong signature.</summary>
    public static readonly DiagnosticDescriptor EntryPointSignature = Error(
        "BPF0100", "Entry point with a wrong signature", "Program '{0}' must be 'static {1} {0}({2} ctx)'",
        "A [Xdp] program is static XdpAction Name(XdpContext ctx); a [Tc] program is static TcAction Name(TcContext ctx); neither may be generic.",
        ProgramCategory);

    /// <summary>BPF0108: a program section the loader (libbpf 1.1) does not recognise for the program's type.</summary>
    public static readonly DiagnosticDescriptor ProgramSection = Error(
        "BPF0108", "Unknown program section", "Section '{0}' is not one libbpf recognises for a {1} program (use {2})",
        "libbpf learns a program's type from its ELF section: XDP programs go in 'xdp' or 'xdp.frags', TC classifiers in 'tc' or 'classifier'. "
        + "Leave the section out to get the default.",
        ProgramCategory);

    /// <summary>BPF0101: a [Map] field that is not a static readonly field of a map type.</summary>
    public static readonly DiagnosticDescriptor MapField = Error(
        "BPF0101", "Map field with a wrong shape", "Map '{0}' must be a 'static readonly' field of a BpfSharp map type ({1})",
        "Declare maps as [Map] public static readonly ArrayMap<T> Name = new(maxEntries: N);",
        ProgramCategory);

    /// <summary>BPF0102: map constructor argument that is not a valid constant.</summary>
    public static readonly DiagnosticDescriptor MapSize = Error(
        "BPF0102", "Map size is not a valid constant", "Map '{0}': {1}; initialise it with new(N), N a positive int constant",
        "Initialise the map with 'new(N)' where N is a positive integer constant (a ring buffer's size is a power of two and a multiple of 4096).",
        ProgramCategory);

    /// <summary>BPF0103: map name too long or duplicate.</summary>
    public static readonly DiagnosticDescriptor MapName = Error(
        "BPF0103", "Invalid map name", "Map name '{0}' {1}; name the map with [Map(Name = \"...\")], at most 15 characters and unique in the program",
        "Map names are at most 15 characters (the kernel's BPF_OBJ_NAME_LEN) and unique in the object; set [Map(Name = \"...\")].",
        ProgramCategory);

    /// <summary>BPF0109: a map flag the map's kind does not take.</summary>
    public static readonly DiagnosticDescriptor MapFlag = Error(
        "BPF0109", "Invalid map flag", "Map '{0}' cannot have flag {1}: {2}; use MapFlags.Mmapable on an ArrayMap only, or no flag",
        "Declare MapFlags.Mmapable only on an ArrayMap: [Map(Flags = MapFlags.Mmapable)].",
        ProgramCategory);

    /// <summary>BPF0105: a global whose initial value is not a constant.</summary>
    public static readonly DiagnosticDescriptor GlobalInitializer = Error(
        "BPF0105", "Configuration value is not a constant", "Initial value of '{0}' is not a compile-time constant; initialise it with a constant and let the loader set the real value before load",
        "Initialise static readonly configuration with a constant; the loader may set the real value before loading.",
        ProgramCategory);

    /// <summary>BPF0106: a program without any entry point (a warning: an object of maps alone is valid).</summary>
    public static readonly DiagnosticDescriptor NoEntryPoint = new(
        "BPF0106", "No program entry point", "No method is marked [Xdp] or [Tc]; the object will hold no program (mark a static method with [Xdp] or [Tc] to get one)",
        ProgramCategory, DiagnosticSeverity.Warning, isEnabledByDefault: true,
        description: "Mark a static method with [Xdp] or [Tc].", helpLinkUri: HelpLink("BPF0106"));

    /// <summary>BPF0107: the BpfSharp runtime is not referenced.</summary>
    public static readonly DiagnosticDescriptor RuntimeMissing = Error(
        "BPF0107", "BpfSharp.Runtime is not referenced", "The compilation does not reference BpfSharp.Runtime (type '{0}' not found); add a reference to BpfSharp.Runtime (--ref path/BpfSharp.Runtime.dll)",
        "Pass the path of BpfSharp.Runtime.dll with --ref.",
        ProgramCategory);

    /// <summary>BPF9000: an unexpected failure of the compiler itself.</summary>
    public static readonly DiagnosticDescriptor InternalError = Error(
        "BPF9000", "Internal compiler error", "The BpfSharp compiler failed on this code: {0}; please report it with this code, and rewrite the construct meanwhile",
        "This is a bug in the BpfSharp compiler; please report it with the code at this location.",
        CompilerCategory);

    /// <summary>BPF9001: a construct the code generator cannot lower (or the BPF back end refuses), at its C# location.</summary>
    public static readonly DiagnosticDescriptor Unsupported = Error(
        "BPF9001", "Not supported by the code generator", "The code generator cannot lower {0}",
        "The code generator lowers the subset's statements and expressions; the message names the C# construct it could not lower "
        + "and what to write instead (docs/diagnostics.md lists the common ones).",
        CodeGenCategory);

    /// <summary>BPF9002: an input or output file problem.</summary>
    public static readonly DiagnosticDescriptor FileError = Error(
        "BPF9002", "Input or output file error", "{0}",
        "Check the paths given on the command line.",
        CompilerCategory);

    /// <summary>BPF9003: invalid command line.</summary>
    public static readonly DiagnosticDescriptor UsageError = Error(
        "BPF9003", "Invalid command line", "{0}",
        "Usage: BpfSharp.Compiler --out X.bpf.o --ref a.dll ... [--define SYM] [--langversion V] [--base-dir DIR] src.cs ... (or @responsefile).",
        CompilerCategory);

    /// <summary>The subset rules (BPF00xx), the ones an analyzer reports in the IDE.</summary>
    public static IReadOnlyList<DiagnosticDescriptor> SubsetRules { get; } =
    [
        Allocation, String, Exceptions, Delegates, Enumeration, VirtualCall, Recursion, Boxing, UnboundedLoop,
        OutsideCall, FloatingPoint, ManagedType, StaticField, Atomic, TooManyArguments, GenericMathMember, GenericInstance,
    ];

    /// <summary>The program-shape rules (BPF01xx).</summary>
    public static IReadOnlyList<DiagnosticDescriptor> ProgramRules { get; } =
    [
        EntryPointSignature, ProgramSection, MapField, MapSize, MapName, MapFlag, GlobalInitializer, NoEntryPoint, RuntimeMissing,
    ];

    /// <summary>Where each descriptor's help lives: one section of docs/diagnostics.md per id.</summary>
    public static string HelpLink(string id) => "docs/diagnostics.md#" + id.ToLowerInvariant();

    private static DiagnosticDescriptor Error(string id, string title, string message, string help, string category = SubsetCategory) =>
        new(id, title, message, category, DiagnosticSeverity.Error, isEnabledByDefault: true, description: help, helpLinkUri: HelpLink(id));
}
