using System.Runtime.InteropServices;
using BpfSharp;

namespace BpfSharp.Compiler.Tests.Corpus;

/// <summary>A flow key read from the packet.</summary>
[StructLayout(LayoutKind.Sequential)]
public struct FlowKey
{
    public uint Address;
    public ushort Port;
    public ushort Protocol;
}

/// <summary>
/// Hash and LRU hash maps: the command byte at offset 14 chooses insert (NoExist), replace (Exist), upsert, delete or
/// lookup of the key at offset 16; the helper's result goes back into the packet at offset 24.
/// </summary>
public static unsafe class HashMaps
{
    [Map] public static readonly HashMap<FlowKey, ulong> Flows = new(16);
    [Map] public static readonly LruHashMap<uint, uint> Recent = new(32);

    [Xdp]
    public static XdpAction Command(XdpContext ctx)
    {
        byte* data = ctx.Data;
        if (data + 32 > ctx.DataEnd) return XdpAction.Aborted;
        FlowKey* key = (FlowKey*)(data + 16);
        int* result = (int*)(data + 24);
        ulong value = (ulong)data[15] << 32 | data[14];
        switch (data[14] & 7)
        {
            case 0:
                *result = Flows.Update(*key, value, UpdateFlags.NoExist);
                break;
            case 1:
                *result = Flows.Update(*key, value, UpdateFlags.Exist);
                break;
            case 2:
                *result = Flows.Update(*key, value);
                break;
            case 3:
                *result = Flows.Delete(*key);
                break;
            default:
                ulong* found = Flows.Lookup(*key);
                *result = found == null ? -1 : (int)*found;
                if (found != null) *found += 100;
                break;
        }

        uint address = key->Address;
        uint* seen = Recent.Lookup(address);
        if (seen == null) *(result + 1) = Recent.Update(address, 1);
        else *(result + 1) = (int)++*seen;
        return XdpAction.Pass;
    }
}
