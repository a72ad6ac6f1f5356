using System.Buffers.Binary;
using Electrode.Vr.Apps.KeyValue;
using Electrode.Vr.Linearizability;

namespace Electrode.Vr.Tests.Linearizability;

/// <summary>
/// Histories of a simulated linearizable store: closed-loop clients call operations with random durations and gaps,
/// so that calls of different clients overlap at random, and each operation takes effect at a random instant between
/// its call and its return. Applying the operations to a sequential store in the order of those instants gives the
/// replies, so the history is linearizable by construction.
/// </summary>
internal static class SimulatedKvHistory
{
    public static List<KvHistoryOperation> Generate(int seed, int operations, int clients, int keys, double pendingRate)
    {
        var random = new Random(seed);
        var planned = new List<Planned>(operations);
        var nextCall = Enumerable.Range(0, clients).Select(_ => (long)random.Next(100)).ToArray();
        var clientIds = Enumerable.Range(0, clients).ToArray();
        var nextClientId = clients;
        var nextValue = 0;
        for (var i = 0; i < operations; i++)
        {
            var slot = Array.IndexOf(nextCall, nextCall.Min());
            var call = nextCall[slot];
            var duration = random.Next(1, 200);
            var key = BitConverter.GetBytes((short)random.Next(keys));
            var roll = random.Next(10);
            var input = roll < 5 ? KvOperation.Get(key)
                : roll < 9 ? KvOperation.Put(key, BitConverter.GetBytes(++nextValue))
                : KvOperation.Delete(key);
            var pending = random.NextDouble() < pendingRate;
            // A pending operation that took effect did so at some point after its call, perhaps after the client gave up.
            var takesEffect = !pending || random.Next(2) == 0;
            var effect = call + random.Next(pending ? 10 * duration : duration + 1);
            planned.Add(new Planned(clientIds[slot], call, pending ? null : call + duration, input, takesEffect ? effect : null));
            nextCall[slot] = call + duration + random.Next(20);
            // A client that gave up on an operation is a new client from then on, as a restarted client process is.
            if (pending) clientIds[slot] = nextClientId++;
        }

        var store = new Dictionary<short, byte[]>();
        var outputs = new KvReply?[operations];
        foreach (var i in Enumerable.Range(0, operations).Where(i => planned[i].Effect is not null).OrderBy(i => planned[i].Effect))
        {
            var input = planned[i].Input;
            var key = BinaryPrimitives.ReadInt16LittleEndian(input.Key);
            outputs[i] = input.OpCode switch
            {
                KvOpCode.Get => store.TryGetValue(key, out var value) ? new KvReply(KvStatus.Ok, value) : new KvReply(KvStatus.NotFound, []),
                KvOpCode.Put => Put(store, key, input.Value),
                _ => new KvReply(store.Remove(key) ? KvStatus.Ok : KvStatus.NotFound, []),
            };
        }
        return [.. planned.Select((p, i) => new KvHistoryOperation(p.Client, p.Call, p.Return, p.Input, p.Return is null ? null : outputs[i]))];
    }

    private static KvReply Put(Dictionary<short, byte[]> store, short key, byte[] value)
    {
        store[key] = value;
        return new KvReply(KvStatus.Ok, []);
    }

    private sealed record Planned(int Client, long Call, long? Return, KvOperation Input, long? Effect);
}
