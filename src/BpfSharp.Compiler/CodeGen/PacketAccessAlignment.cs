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
    /// <summary>Widens the packet accesses of each entry point (its LLVM function and the byte offset of <c>data</c> in its context).</summary>
    public static void Apply(IReadOnlyDictionary<nint, int> entryDataOffsets)
    {
        var passthrough = LlvmInstruction.IntrinsicId("llvm.bpf.passthrough");
        foreach (var (function, dataOffset) in entryDataOffsets)
        {
            var provenance = new Provenance(LlvmValue.Param(function, 0), (ulong)dataOffset, passthrough);
            foreach (var instruction in LlvmInstruction.Of(function))
                Widen(instruction, provenance);
        }
    }

    private static void Widen(nint instruction, Provenance provenance)
    {
        var (value, address) = LlvmInstruction.OpcodeOf(instruction) switch
        {
            LlvmOpcode.Load => (instruction, LlvmInstruction.Operand(instruction, 0)),
            LlvmOpcode.Store => (LlvmInstruction.Operand(instruction, 0), LlvmInstruction.Operand(instruction, 1)),
            _ => (0, 0),
        };
        if (value == 0) return;
        var type = LlvmValue.TypeOf(value);
        if (!LlvmValue.IsIntegerType(type)) return;
        var bytes = (uint)LlvmValue.IntWidth(type) / 8;
        if (bytes is not (2 or 4 or 8) || LlvmValue.Alignment(instruction) >= bytes) return;
        if (provenance.IsPacket(address)) LlvmValue.SetAlignment(instruction, bytes);
    }

    private sealed class Provenance(nint context, ulong dataOffset, uint passthroughId)
    {
        private readonly Dictionary<nint, bool> _known = [];

        /// <summary>Whether every origin of <paramref name="pointer"/> is null or the packet.</summary>
        public bool IsPacket(nint pointer) => IsPacket(pointer, []);

        private bool IsPacket(nint pointer, HashSet<nint> visiting)
        {
            if (_known.TryGetValue(pointer, out var known)) return known;
            if (LlvmInstruction.IsNullPointer(pointer)) return true;
            if (LlvmInstruction.OpcodeOf(pointer) is not { } opcode) return false;
            // A phi reached again on a cycle adds no origin of its own: the other incoming values decide.
            if (!visiting.Add(pointer)) return true;
            var result = opcode switch
            {
                LlvmOpcode.GetElementPtr or LlvmOpcode.Freeze => IsPacket(LlvmInstruction.Operand(pointer, 0), visiting),
                LlvmOpcode.Select => IsPacket(LlvmInstruction.Operand(pointer, 1), visiting) && IsPacket(LlvmInstruction.Operand(pointer, 2), visiting),
                LlvmOpcode.Phi => Enumerable.Range(0, LlvmInstruction.OperandCount(pointer)).All(i => IsPacket(LlvmInstruction.Operand(pointer, i), visiting)),
                LlvmOpcode.Call => LlvmInstruction.CallsIntrinsic(pointer, passthroughId) && IsPacket(LlvmInstruction.Operand(pointer, 1), visiting),
                LlvmOpcode.IntToPtr => IsDataField(LlvmInstruction.Operand(pointer, 0)),
                _ => false,
            };
            visiting.Remove(pointer);
            if (visiting.Count == 0) _known[pointer] = result;
            return result;
        }

        /// <summary><c>(u64)ctx-&gt;data</c>: a zero-extended 32-bit load of the context at the data offset.</summary>
        private bool IsDataField(nint integer)
        {
            if (LlvmInstruction.OpcodeOf(integer) != LlvmOpcode.ZExt) return false;
            var load = LlvmInstruction.Operand(integer, 0);
            if (LlvmInstruction.OpcodeOf(load) != LlvmOpcode.Load) return false;
            var address = LlvmInstruction.Operand(load, 0);
            if (address == context) return dataOffset == 0;
            if (LlvmInstruction.OpcodeOf(address) != LlvmOpcode.GetElementPtr
                || LlvmInstruction.OperandCount(address) != 2 || LlvmInstruction.Operand(address, 0) != context) return false;
            var offset = LlvmInstruction.Operand(address, 1);
            return LlvmInstruction.IsConstantInt(offset) && LlvmValue.ConstantValue(offset) == dataOffset;
        }
    }
}
