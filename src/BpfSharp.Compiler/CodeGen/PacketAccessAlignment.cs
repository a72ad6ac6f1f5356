using BpfSharp.Compiler.Llvm;

namespace BpfSharp.Compiler.CodeGen;

/// <summary>
/// Widens the optimised module's packet loads and stores to their natural alignment, so that a field of a
/// <c>Pack = 1</c> header at an odd offset is read or written with one instruction of its width, as clang does,
/// instead of byte by byte.
/// <para>
/// The rule: an access is a packet access when every value its address can come from (through GEPs, selects, phis and
/// <c>llvm.bpf.passthrough</c>) is either null or <c>ctx-&gt;data</c> of the entry point's own context argument. That
/// is provenance, not type: the same header struct copied to the stack or held in a map keeps its exact alignment,
/// because the verifier refuses misaligned stack and map value accesses, whereas it allows misaligned packet accesses
/// (it checks their alignment only under <c>BPF_F_STRICT_ALIGNMENT</c>, which x86-64 and arm64 do not need). A
/// pointer whose origin is unknown (a parameter of a <c>[MethodImpl(NoInlining)]</c> function, a value loaded from
/// memory) keeps its exact alignment. The pass runs after <c>default&lt;O2&gt;</c>, once helpers are inlined into their
/// entry points, so that header pointers handed to helper methods are recognised.
/// </para>
/// </summary>
internal static class PacketAccessAlignment
{
    private const int OpcodeLoad = 27, OpcodeStore = 28, OpcodeGep = 29, OpcodeZExt = 31, OpcodeIntToPtr = 40;
    private const int OpcodePhi = 44, OpcodeCall = 45, OpcodeSelect = 46, OpcodeFreeze = 68;
    private const int IntegerTypeKind = 8;

    /// <summary>Widens the packet accesses of each entry point (its LLVM function and the byte offset of <c>data</c> in its context).</summary>
    public static void Apply(IReadOnlyDictionary<nint, int> entryDataOffsets)
    {
        var passthrough = (uint)LlvmApi.LLVMLookupIntrinsicID("llvm.bpf.passthrough", (nuint)"llvm.bpf.passthrough".Length);
        foreach (var (function, dataOffset) in entryDataOffsets)
        {
            var provenance = new Provenance(LlvmApi.LLVMGetParam(function, 0), (ulong)dataOffset, passthrough);
            for (var block = LlvmApi.LLVMGetFirstBasicBlock(function); block != 0; block = LlvmApi.LLVMGetNextBasicBlock(block))
                for (var instruction = LlvmApi.LLVMGetFirstInstruction(block); instruction != 0; instruction = LlvmApi.LLVMGetNextInstruction(instruction))
                    Widen(instruction, provenance);
        }
    }

    private static void Widen(nint instruction, Provenance provenance)
    {
        var (value, address) = LlvmApi.LLVMGetInstructionOpcode(instruction) switch
        {
            OpcodeLoad => (instruction, LlvmApi.LLVMGetOperand(instruction, 0)),
            OpcodeStore => (LlvmApi.LLVMGetOperand(instruction, 0), LlvmApi.LLVMGetOperand(instruction, 1)),
            _ => (0, 0),
        };
        if (value == 0) return;
        var type = LlvmApi.LLVMTypeOf(value);
        if (LlvmApi.LLVMGetTypeKind(type) != IntegerTypeKind) return;
        var bytes = LlvmApi.LLVMGetIntTypeWidth(type) / 8;
        if (bytes is not (2 or 4 or 8) || LlvmApi.LLVMGetAlignment(instruction) >= bytes) return;
        if (provenance.IsPacket(address)) LlvmApi.LLVMSetAlignment(instruction, bytes);
    }

    private sealed class Provenance(nint context, ulong dataOffset, uint passthroughId)
    {
        private readonly Dictionary<nint, bool> _known = [];

        /// <summary>Whether every origin of <paramref name="pointer"/> is null or the packet.</summary>
        public bool IsPacket(nint pointer) => IsPacket(pointer, []);

        private bool IsPacket(nint pointer, HashSet<nint> visiting)
        {
            if (_known.TryGetValue(pointer, out var known)) return known;
            if (LlvmApi.LLVMIsAConstantPointerNull(pointer) != 0) return true;
            if (LlvmApi.LLVMIsAInstruction(pointer) == 0) return false;
            // A phi reached again on a cycle adds no origin of its own: the other incoming values decide.
            if (!visiting.Add(pointer)) return true;
            var result = LlvmApi.LLVMGetInstructionOpcode(pointer) switch
            {
                OpcodeGep or OpcodeFreeze => IsPacket(LlvmApi.LLVMGetOperand(pointer, 0), visiting),
                OpcodeSelect => IsPacket(LlvmApi.LLVMGetOperand(pointer, 1), visiting) && IsPacket(LlvmApi.LLVMGetOperand(pointer, 2), visiting),
                OpcodePhi => Enumerable.Range(0, LlvmApi.LLVMGetNumOperands(pointer)).All(i => IsPacket(LlvmApi.LLVMGetOperand(pointer, (uint)i), visiting)),
                OpcodeCall => IsPassthrough(pointer) && IsPacket(LlvmApi.LLVMGetOperand(pointer, 1), visiting),
                OpcodeIntToPtr => IsDataField(LlvmApi.LLVMGetOperand(pointer, 0)),
                _ => false,
            };
            visiting.Remove(pointer);
            if (visiting.Count == 0) _known[pointer] = result;
            return result;
        }

        private bool IsPassthrough(nint call)
        {
            var callee = LlvmApi.LLVMGetCalledValue(call);
            return callee != 0 && LlvmApi.LLVMGetIntrinsicID(callee) == passthroughId;
        }

        /// <summary><c>(u64)ctx-&gt;data</c>: a zero-extended 32-bit load of the context at the data offset.</summary>
        private bool IsDataField(nint integer)
        {
            if (LlvmApi.LLVMIsAInstruction(integer) == 0 || LlvmApi.LLVMGetInstructionOpcode(integer) != OpcodeZExt) return false;
            var load = LlvmApi.LLVMGetOperand(integer, 0);
            if (LlvmApi.LLVMIsAInstruction(load) == 0 || LlvmApi.LLVMGetInstructionOpcode(load) != OpcodeLoad) return false;
            var address = LlvmApi.LLVMGetOperand(load, 0);
            if (address == context) return dataOffset == 0;
            if (LlvmApi.LLVMIsAInstruction(address) == 0 || LlvmApi.LLVMGetInstructionOpcode(address) != OpcodeGep
                || LlvmApi.LLVMGetNumOperands(address) != 2 || LlvmApi.LLVMGetOperand(address, 0) != context) return false;
            var offset = LlvmApi.LLVMGetOperand(address, 1);
            return LlvmApi.LLVMIsAConstantInt(offset) != 0 && LlvmApi.LLVMConstIntGetZExtValue(offset) == dataOffset;
        }
    }
}
