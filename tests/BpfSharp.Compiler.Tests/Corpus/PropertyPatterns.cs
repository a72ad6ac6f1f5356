using System.Runtime.InteropServices;
using BpfSharp;

namespace BpfSharp.Compiler.Tests.Corpus;

/// <summary>The IPv4 fields a property pattern tests (at its offset in an Ethernet frame, packed as on the wire).</summary>
[StructLayout(LayoutKind.Sequential, Pack = 1)]
public struct Ip4Fields
{
    public byte VersionAndLength;
    public byte Tos;
    public ushort TotalLength;
    public ushort Id;
    public ushort Fragment;
    public byte Ttl;
    public byte Protocol;
    public ushort Checksum;

    /// <summary>The version nibble, read through a property.</summary>
    public readonly int Version => VersionAndLength >> 4;
}

/// <summary>A struct holding a struct, for nested property patterns.</summary>
public struct Tagged
{
    public Ip4Fields Header;
    public uint Tag;
}

/// <summary>Property patterns on structs: constants, relational, not/and/or, nested, properties, in switch statements.</summary>
public static unsafe class PropertyPatterns
{
    [Xdp]
    public static XdpAction Classify(XdpContext ctx)
    {
        Ip4Fields* ip = ctx.Header<Ip4Fields>(14);
        if (ip == null) return XdpAction.Aborted;
        byte* data = ctx.Data;
        if (data + 40 > ctx.DataEnd) return XdpAction.Aborted;

        Ip4Fields h = *ip;
        data[34] = (byte)(h is { Protocol: 17, Ttl: > 1 } ? 1 : 0);
        data[35] = (byte)(h is { Protocol: 6 or 17, Tos: not 0 } ? 1 : 0);
        data[36] = (byte)(h is { Version: 4, Ttl: >= 64 and < 128 } ? 1 : 0);
        data[37] = (byte)(*ip is { } ? 1 : 0);

        Tagged tagged = default;
        tagged.Header = h;
        tagged.Tag = data[33];
        data[38] = (byte)(tagged is { Header: { Protocol: 17 }, Tag: > 100 } ? 1 : 0);

        switch (h)
        {
            case { Protocol: 1 }:
                data[39] = 10;
                break;
            case { Protocol: 17, Ttl: 0 }:
                data[39] = 20;
                break;
            case { Ttl: > 200 }:
                data[39] = 30;
                break;
            default:
                data[39] = 40;
                break;
        }
        return h is { Protocol: 17, Ttl: > 1 } ? XdpAction.Tx : XdpAction.Pass;
    }
}
