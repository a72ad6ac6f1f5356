using System.Runtime.InteropServices;

namespace BpfSharp.Loader.Interop;

// Layouts mirror libbpf 1.1 headers on x86-64/arm64 (LP64); sizes are checked by a test against
// the values printed by a C program compiled against /usr/include/bpf. Each opts struct starts
// with `sz`, which libbpf uses to tell which fields the caller knows about.

/// <summary><c>struct bpf_object_open_opts</c> (80 bytes).</summary>
[StructLayout(LayoutKind.Explicit, Size = 80)]
internal unsafe struct BpfObjectOpenOpts
{
    [FieldOffset(0)] public nuint Size;
    [FieldOffset(8)] public byte* ObjectName;
    [FieldOffset(16)] public byte RelaxedMaps;
    [FieldOffset(24)] public byte* PinRootPath;
    [FieldOffset(40)] public byte* Kconfig;
    [FieldOffset(48)] public byte* BtfCustomPath;
    [FieldOffset(56)] public byte* KernelLogBuffer;
    [FieldOffset(64)] public nuint KernelLogSize;
    [FieldOffset(72)] public uint KernelLogLevel;
}

/// <summary><c>struct bpf_test_run_opts</c> (80 bytes).</summary>
[StructLayout(LayoutKind.Explicit, Size = 80)]
internal unsafe struct BpfTestRunOpts
{
    [FieldOffset(0)] public nuint Size;
    [FieldOffset(8)] public void* DataIn;
    [FieldOffset(16)] public void* DataOut;
    [FieldOffset(24)] public uint DataSizeIn;
    [FieldOffset(28)] public uint DataSizeOut;
    [FieldOffset(32)] public void* ContextIn;
    [FieldOffset(40)] public void* ContextOut;
    [FieldOffset(48)] public uint ContextSizeIn;
    [FieldOffset(52)] public uint ContextSizeOut;
    [FieldOffset(56)] public uint ReturnValue;
    [FieldOffset(60)] public int Repeat;
    [FieldOffset(64)] public uint DurationNs;
    [FieldOffset(68)] public uint Flags;
    [FieldOffset(72)] public uint Cpu;
    [FieldOffset(76)] public uint BatchSize;
}

/// <summary><c>struct bpf_xdp_attach_opts</c> (16 bytes).</summary>
[StructLayout(LayoutKind.Explicit, Size = 16)]
internal struct BpfXdpAttachOpts
{
    [FieldOffset(0)] public nuint Size;
    [FieldOffset(8)] public int OldProgramFd;
}

/// <summary><c>struct bpf_tc_hook</c> (24 bytes).</summary>
[StructLayout(LayoutKind.Explicit, Size = 24)]
internal struct BpfTcHook
{
    [FieldOffset(0)] public nuint Size;
    [FieldOffset(8)] public int Ifindex;
    [FieldOffset(12)] public int AttachPoint;
    [FieldOffset(16)] public uint Parent;
}

/// <summary><c>struct bpf_tc_opts</c> (32 bytes).</summary>
[StructLayout(LayoutKind.Explicit, Size = 32)]
internal struct BpfTcOpts
{
    [FieldOffset(0)] public nuint Size;
    [FieldOffset(8)] public int ProgramFd;
    [FieldOffset(12)] public uint Flags;
    [FieldOffset(16)] public uint ProgramId;
    [FieldOffset(20)] public uint Handle;
    [FieldOffset(24)] public uint Priority;
}

/// <summary><c>struct btf_type</c> (12 bytes) from linux/btf.h.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct BtfType
{
    public uint NameOffset;
    public uint Info;
    public uint SizeOrType;

    public readonly uint Kind => (Info >> 24) & 0x1f;
    public readonly int MemberCount => (int)(Info & 0xffff);
}

/// <summary><c>struct btf_var_secinfo</c> (12 bytes): one variable of a DATASEC.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct BtfVarSecinfo
{
    public uint Type;
    public uint Offset;
    public uint Size;
}

/// <summary>The leading fields of <c>struct bpf_map_info</c>; the kernel copies only as much as we ask for.</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct BpfMapInfoPrefix
{
    public uint Type;
    public uint Id;
    public uint KeySize;
    public uint ValueSize;
    public uint MaxEntries;
    public uint MapFlags;
    public fixed byte Name[16];
}

/// <summary>The fields we read of <c>struct bpf_prog_info</c> (232 bytes; the pointer fields stay zero so the kernel fills no arrays).</summary>
[StructLayout(LayoutKind.Explicit, Size = 232)]
internal unsafe struct BpfProgramInfoNative
{
    [FieldOffset(0)] public uint Type;
    [FieldOffset(4)] public uint Id;
    [FieldOffset(16)] public uint JitedLength;
    [FieldOffset(20)] public uint TranslatedLength;
    [FieldOffset(64)] public fixed byte Name[16];
    [FieldOffset(216)] public uint VerifiedInstructions;
}

internal static class BtfKind
{
    internal const uint Var = 14;
    internal const uint DataSection = 15;
}

/// <summary><c>struct bpf_map_batch_opts</c> (24 bytes).</summary>
[StructLayout(LayoutKind.Explicit, Size = 24)]
internal struct BpfMapBatchOpts
{
    [FieldOffset(0)] public nuint Size;
    [FieldOffset(8)] public ulong ElementFlags;
    [FieldOffset(16)] public ulong Flags;
}
