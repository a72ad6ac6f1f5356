using BpfSharp;

namespace BpfSharp.Compiler.Tests.Corpus;

/// <summary>A pair of values deconstructed into a struct's fields.</summary>
public struct Endpoints
{
    public uint Source;
    public uint Destination;
}

/// <summary>Tuple swaps and deconstruction assignments: locals, struct fields, packet bytes, declarations, discards, conversions.</summary>
public static unsafe class Deconstructions
{
    [Xdp]
    public static XdpAction Swaps(XdpContext ctx)
    {
        byte* data = ctx.Data;
        if (data + 32 > ctx.DataEnd) return XdpAction.Aborted;

        byte a = data[0], b = data[1], c = data[2];
        (a, b) = (b, a);
        (a, b, c) = (c, a, b);
        data[0] = a;
        data[1] = b;
        data[2] = c;

        (data[3], data[4]) = (data[4], data[3]);

        Endpoints endpoints = default;
        endpoints.Source = *(uint*)(data + 8);
        endpoints.Destination = *(uint*)(data + 12);
        (endpoints.Source, endpoints.Destination) = (endpoints.Destination, endpoints.Source);
        *(uint*)(data + 8) = endpoints.Source;
        *(uint*)(data + 12) = endpoints.Destination;

        var (low, high) = (data[16] & 0x0f, data[16] >> 4);
        (long wide, _) = (low * 1000L + high, data[17]);
        *(long*)(data + 24) = wide;
        data[18] = (byte)(low + high);

        Endpoints first = endpoints, second = default;
        second.Source = data[19];
        (first, second) = (second, first);
        data[20] = (byte)first.Source;
        data[21] = (byte)second.Destination;
        return a > b ? XdpAction.Tx : XdpAction.Pass;
    }
}
