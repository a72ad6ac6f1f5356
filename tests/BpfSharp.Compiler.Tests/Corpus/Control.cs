using BpfSharp;

namespace BpfSharp.Compiler.Tests.Corpus;

/// <summary>A message kind, as a byte enum.</summary>
public enum Kind : byte
{
    None = 0,
    Request = 1,
    Reply = 2,
    Prepare = 5,
    Commit = 9,
    Heartbeat = 200,
}

/// <summary>Control flow: switch statements, bounded loops of every accepted form, ternaries, enums, bools.</summary>
public static unsafe class Control
{
    [Xdp]
    public static XdpAction Switches(XdpContext ctx)
    {
        byte* data = ctx.Data;
        if (data + 20 > ctx.DataEnd) return XdpAction.Aborted;
        Kind kind = (Kind)data[14];
        int score;
        switch (kind)
        {
            case Kind.Request:
            case Kind.Reply:
                score = 10;
                break;
            case Kind.Prepare:
                score = data[15] > 100 ? 20 : 21;
                break;
            case Kind.Commit:
                score = 30;
                break;
            case Kind.Heartbeat:
                return XdpAction.Drop;
            default:
                score = -1;
                break;
        }

        data[16] = (byte)score;
        data[17] = (byte)(data[15] < 10 ? 2 : data[15] < 100 ? 3 : 5);
        bool even = (data[15] & 1) == 0;
        bool big = data[15] > 127;
        data[18] = (byte)((even && big ? 1 : 0) | (even || big ? 2 : 0) | (!even ? 4 : 0) | (even ^ big ? 8 : 0));
        return score < 0 ? XdpAction.Pass : XdpAction.Tx;
    }

    [Xdp]
    public static XdpAction Loops(XdpContext ctx)
    {
        byte* data = ctx.Data;
        if (data + 64 > ctx.DataEnd) return XdpAction.Aborted;
        uint sum = 0;
        for (int i = 0; i < 32; i++) sum += data[i];
        uint weighted = 0;
        for (uint i = 0; i <= 15; i += 3) weighted += data[i] * i;
        int firstZero = -1;
        for (int i = 0; i < 48; i++)
        {
            if (data[i] != 0) continue;
            firstZero = i;
            break;
        }

        uint nested = 0;
        for (int row = 0; row < 4; row++)
            for (int column = 0; column < 4; column++)
                nested += (uint)(data[row * 4 + column] ^ row);
        int j = 0;
        uint shifted = data[40];
        while (j < 8 && shifted != 0)
        {
            shifted >>= 1;
            j++;
        }

        uint k = 0;
        uint odd = 0;
        do
        {
            odd += data[48 + k] & 1u;
            k++;
        } while (k < 16);

        *(uint*)(data + 48) = sum;
        *(uint*)(data + 52) = weighted;
        *(int*)(data + 56) = firstZero;
        data[60] = (byte)nested;
        data[61] = (byte)j;
        data[62] = (byte)odd;
        return sum > 4000 ? XdpAction.Drop : XdpAction.Pass;
    }
}
