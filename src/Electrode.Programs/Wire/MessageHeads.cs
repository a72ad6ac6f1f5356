using System.Runtime.InteropServices;

namespace Electrode.Programs.Wire;

// A message head is what follows the preamble up to the body: the type name, the fast header and the body length.
// Each type name has its own length, so each message kind has its own head at the fixed frame offset
// WireConstants.TypeNameOffset.

/// <summary>Head of a <c>PrepareMessage</c> datagram.</summary>
[StructLayout(LayoutKind.Sequential, Pack = 1)]
public struct PrepareHead
{
    /// <summary>Type name.</summary>
    public PrepareTypeName Name;
    /// <summary>Fast header: view, last op of the batch, batch start.</summary>
    public FastHeader Fast;
    /// <summary>Length of the protobuf body.</summary>
    public ulong BodyLength;
}

/// <summary>Head of a <c>PrepareOKMessage</c> datagram.</summary>
[StructLayout(LayoutKind.Sequential, Pack = 1)]
public struct PrepareOkHead
{
    /// <summary>Type name.</summary>
    public PrepareOkTypeName Name;
    /// <summary>Fast header: view, op, replica index.</summary>
    public FastHeader Fast;
    /// <summary>Length of the protobuf body.</summary>
    public ulong BodyLength;
}

/// <summary>Head of a <c>CommitMessage</c> datagram.</summary>
[StructLayout(LayoutKind.Sequential, Pack = 1)]
public struct CommitHead
{
    /// <summary>Type name.</summary>
    public CommitTypeName Name;
    /// <summary>Fast header (view and broadcast bit).</summary>
    public FastHeader Fast;
    /// <summary>Length of the protobuf body.</summary>
    public ulong BodyLength;
}

/// <summary>A kernel-built PrepareOK from the type name on: its head and its raw 20-byte body.</summary>
[StructLayout(LayoutKind.Sequential, Pack = 1)]
public struct MyPrepareOkMessage
{
    /// <summary>Type name.</summary>
    public MyPrepareOkTypeName Name;
    /// <summary>Fast header: view, op, replica index.</summary>
    public FastHeader Fast;
    /// <summary>Length of the body: <see cref="WireConstants.MyPrepareOkBodyLength"/>.</summary>
    public ulong BodyLength;
    /// <summary>The raw body.</summary>
    public MyPrepareOkBody Body;
}

/// <summary>Raw body of a kernel-built PrepareOK.</summary>
[StructLayout(LayoutKind.Sequential, Pack = 1)]
public struct MyPrepareOkBody
{
    /// <summary>View (all 64 bits).</summary>
    public ulong View;
    /// <summary>Op acknowledged: the last op of the Prepare's batch.</summary>
    public ulong Op;
    /// <summary>Index of the acknowledging replica.</summary>
    public uint ReplicaIndex;
}

/// <summary>A whole frame carrying a kernel-built PrepareOK: what the fast-reply path turns a Prepare into.</summary>
[StructLayout(LayoutKind.Sequential, Pack = 1)]
public struct MyPrepareOkFrame
{
    /// <summary>Length of the frame in bytes.</summary>
    public const uint Size = WireConstants.DatagramOffset + 12 + MyPrepareOkTypeName.Length + 12 + 8 + WireConstants.MyPrepareOkBodyLength;

    /// <summary>Ethernet, IPv4 and UDP headers.</summary>
    public FrameHeaders Headers;
    /// <summary>Magic and type-name length.</summary>
    public DatagramPreamble Preamble;
    /// <summary>Type name, fast header, body length and body.</summary>
    public MyPrepareOkMessage Message;
}
