using BpfSharp.Differential;
using CsCheck;

namespace BpfSharp.Testing.Properties;

/// <summary>One map entry a differential case starts with.</summary>
/// <param name="Map">The map's name in the object.</param>
/// <param name="Key">The key (an array index as 4 little-endian bytes).</param>
/// <param name="Value">The value (for a per-CPU array, CPU 0's).</param>
/// <param name="FrameKeyOffset">
/// When set, the key is instead the bytes of the case's frame at this offset (when the frame is long enough), so that
/// lookups the program makes with packet bytes find the entry.
/// </param>
public sealed record MapWrite(string Map, byte[] Key, byte[] Value, int? FrameKeyOffset = null)
{
    /// <summary>The key this write uses with <paramref name="frame"/>.</summary>
    public byte[] KeyFor(byte[] frame) =>
        FrameKeyOffset is { } offset && offset + Key.Length <= frame.Length ? frame[offset..(offset + Key.Length)] : Key;

    /// <inheritdoc />
    public override string ToString() =>
        $"{Map}[{(FrameKeyOffset is { } offset ? $"frame@{offset} or " : "")}{Convert.ToHexString(Key)}]={Convert.ToHexString(Value)}";

    /// <summary>
    /// Map states for the array, per-CPU array and hash maps of <paramref name="tester"/>'s object: up to four entries per
    /// map, array indexes in range, hash keys random or taken from the frame, values random with edge bytes favoured.
    /// </summary>
    public static Gen<MapWrite[]> States(DifferentialTester tester) =>
        tester.Maps
            .Where(m => m.Value.Kind is MapKind.Array or MapKind.PerCpuArray or MapKind.Hash or MapKind.LruHash)
            .OrderBy(m => m.Key, StringComparer.Ordinal)
            .Select(m => Entries(m.Key, m.Value).Array[0, 4])
            .Aggregate(Gen.Const(Array.Empty<MapWrite>()), (state, entries) => Gen.Select(state, entries, (a, b) => (MapWrite[])[.. a, .. b]));

    private static Gen<MapWrite> Entries(string name, BpfMap map)
    {
        if (map.Kind is MapKind.Array or MapKind.PerCpuArray)
            return Gen.Select(Gen.UInt[0, (uint)map.MaxEntries - 1], FrameGen.Interesting.Array[map.ValueSize],
                (index, value) => new MapWrite(name, BitConverter.GetBytes(index), value));
        return Gen.Select(FrameGen.Interesting.Array[map.KeySize], FrameGen.Interesting.Array[map.ValueSize],
            Gen.Frequency((1, Gen.Const(default(int?))), (1, Gen.Int[0, 64].Select(o => (int?)o))),
            (key, value, offset) => new MapWrite(name, key, value, offset));
    }
}
