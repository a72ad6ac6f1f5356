using System.Runtime.InteropServices;

namespace Electrode.Programs.Wire;

// The type names are compared as little-endian words read from the packet: a handful of loads and compares that
// the verifier checks once, instead of a byte loop. The words are the ASCII bytes of the names (tests prove it).

/// <summary>The 33 bytes of <c>specpaxos.vr.proto.PrepareMessage</c> as they lie in a packet.</summary>
[StructLayout(LayoutKind.Sequential, Pack = 1)]
public struct PrepareTypeName
{
    /// <summary>Length of the name.</summary>
    public const uint Length = 33;

    /// <summary>Bytes 0-7.</summary>
    public ulong Word0;
    /// <summary>Bytes 8-15.</summary>
    public ulong Word1;
    /// <summary>Bytes 16-23.</summary>
    public ulong Word2;
    /// <summary>Bytes 24-31.</summary>
    public ulong Word3;
    /// <summary>Byte 32.</summary>
    public byte Last;
}

/// <summary>The 35 bytes of <c>specpaxos.vr.proto.PrepareOKMessage</c> as they lie in a packet.</summary>
[StructLayout(LayoutKind.Sequential, Pack = 1)]
public struct PrepareOkTypeName
{
    /// <summary>Length of the name.</summary>
    public const uint Length = 35;

    /// <summary>Bytes 0-7.</summary>
    public ulong Word0;
    /// <summary>Bytes 8-15.</summary>
    public ulong Word1;
    /// <summary>Bytes 16-23.</summary>
    public ulong Word2;
    /// <summary>Bytes 24-31.</summary>
    public ulong Word3;
    /// <summary>Bytes 32-33.</summary>
    public ushort Pair;
    /// <summary>Byte 34.</summary>
    public byte Last;
}

/// <summary>The 32 bytes of <c>specpaxos.vr.proto.CommitMessage</c> as they lie in a packet.</summary>
[StructLayout(LayoutKind.Sequential, Pack = 1)]
public struct CommitTypeName
{
    /// <summary>Length of the name.</summary>
    public const uint Length = 32;

    /// <summary>Bytes 0-7.</summary>
    public ulong Word0;
    /// <summary>Bytes 8-15.</summary>
    public ulong Word1;
    /// <summary>Bytes 16-23.</summary>
    public ulong Word2;
    /// <summary>Bytes 24-31.</summary>
    public ulong Word3;
}

/// <summary>The 24 bytes of <c>specpaxos.vr.MyPrepareOK</c>, the kernel-built PrepareOK, as they lie in a packet.</summary>
[StructLayout(LayoutKind.Sequential, Pack = 1)]
public struct MyPrepareOkTypeName
{
    /// <summary>Length of the name.</summary>
    public const uint Length = 24;

    /// <summary>Bytes 0-7.</summary>
    public ulong Word0;
    /// <summary>Bytes 8-15.</summary>
    public ulong Word1;
    /// <summary>Bytes 16-23.</summary>
    public ulong Word2;
}

/// <summary>Recognises the type names the fast paths handle.</summary>
public static unsafe class TypeNames
{
    /// <summary><c>"specpaxo"</c>, the first word of every VR type name.</summary>
    public const ulong Specpaxo = 0x6F78617063657073;

    /// <summary><c>"s.vr.pro"</c>, the second word of the protobuf type names.</summary>
    public const ulong SVrPro = 0x6F72702E72762E73;

    /// <summary><c>"to.Prepa"</c>, the third word of both Prepare type names.</summary>
    public const ulong ToPrepa = 0x61706572502E6F74;

    /// <summary><c>"reMessag"</c>, the fourth word of <c>PrepareMessage</c>.</summary>
    public const ulong ReMessag = 0x67617373654D6572;

    /// <summary><c>"reOKMess"</c>, the fourth word of <c>PrepareOKMessage</c>.</summary>
    public const ulong ReOkMess = 0x7373654D4B4F6572;

    /// <summary><c>"ag"</c>, bytes 32-33 of <c>PrepareOKMessage</c>.</summary>
    public const ushort Ag = 0x6761;

    /// <summary><c>'e'</c>, the last byte of the protobuf type names.</summary>
    public const byte E = 0x65;

    /// <summary><c>"to.Commi"</c>, the third word of <c>CommitMessage</c>.</summary>
    public const ulong ToCommi = 0x696D6D6F432E6F74;

    /// <summary><c>"tMessage"</c>, the fourth word of <c>CommitMessage</c>.</summary>
    public const ulong TMessage = 0x6567617373654D74;

    /// <summary><c>"s.vr.MyP"</c>, the second word of <c>MyPrepareOK</c>.</summary>
    public const ulong SVrMyP = 0x50794D2E72762E73;

    /// <summary><c>"repareOK"</c>, the third word of <c>MyPrepareOK</c>.</summary>
    public const ulong RepareOk = 0x4B4F657261706572;

    /// <summary>True when <paramref name="name"/> reads <c>specpaxos.vr.proto.PrepareMessage</c>.</summary>
    public static bool IsPrepare(PrepareTypeName* name) =>
        name->Word0 == Specpaxo && name->Word1 == SVrPro && name->Word2 == ToPrepa && name->Word3 == ReMessag
        && name->Last == E;

    /// <summary>True when <paramref name="name"/> reads <c>specpaxos.vr.proto.PrepareOKMessage</c>.</summary>
    public static bool IsPrepareOk(PrepareOkTypeName* name) =>
        name->Word0 == Specpaxo && name->Word1 == SVrPro && name->Word2 == ToPrepa && name->Word3 == ReOkMess
        && name->Pair == Ag && name->Last == E;

    /// <summary>True when <paramref name="name"/> reads <c>specpaxos.vr.proto.CommitMessage</c>.</summary>
    public static bool IsCommit(CommitTypeName* name) =>
        name->Word0 == Specpaxo && name->Word1 == SVrPro && name->Word2 == ToCommi && name->Word3 == TMessage;

    /// <summary>True when <paramref name="name"/> reads <c>specpaxos.vr.MyPrepareOK</c>.</summary>
    public static bool IsMyPrepareOk(MyPrepareOkTypeName* name) =>
        name->Word0 == Specpaxo && name->Word1 == SVrMyP && name->Word2 == RepareOk;

    /// <summary>Writes <c>specpaxos.vr.MyPrepareOK</c> into <paramref name="name"/>.</summary>
    public static void WriteMyPrepareOk(MyPrepareOkTypeName* name)
    {
        name->Word0 = Specpaxo;
        name->Word1 = SVrMyP;
        name->Word2 = RepareOk;
    }
}
