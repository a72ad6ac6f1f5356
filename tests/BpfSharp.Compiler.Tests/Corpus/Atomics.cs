using System.Runtime.InteropServices;
using System.Threading;
using BpfSharp;

namespace BpfSharp.Compiler.Tests.Corpus;

/// <summary>
/// Interlocked on map values: every operation at every width with its result kept (<see cref="Apply"/>), a counter
/// (<see cref="Tick"/>) and a vote count by atomic OR (<see cref="Vote"/>) for runs on several CPUs at once.
/// </summary>
public static unsafe class Atomics
{
    /// <summary>The cells every operation works on.</summary>
    [Map] public static readonly ArrayMap<AtomicCells> Cells = new(1);

    /// <summary>What each operation returned, by operation.</summary>
    [Map] public static readonly ArrayMap<AtomicCells> Results = new(AtomicRequest.Operations);

    /// <summary>Counters of <see cref="Tick"/>.</summary>
    [Map] public static readonly ArrayMap<AtomicCells> Ticks = new(1);

    /// <summary>Voter bits by slot, and (in slot <see cref="VoteSlots"/>) the number of completed slots.</summary>
    [Map] public static readonly ArrayMap<uint> Votes = new((int)VoteSlots + 1);

    /// <summary>Slots <see cref="Vote"/> counts in.</summary>
    public const uint VoteSlots = 1024;

    /// <summary>Applies the operation of the request to every cell, keeping what each call returned.</summary>
    [Xdp]
    public static XdpAction Apply(XdpContext ctx)
    {
        AtomicRequest* request = ctx.Header<AtomicRequest>(14);
        if (request == null) return XdpAction.Aborted;
        uint operation = request->Operation;
        ulong operand = request->Operand;
        ulong comparand = request->Comparand;
        AtomicCells* cells = Cells.Lookup(0);
        AtomicCells* results = Results.Lookup(operation < AtomicRequest.Operations ? operation : 0);
        if (cells == null || results == null) return XdpAction.Aborted;
        switch (operation)
        {
            case 0:
                results->Int = Interlocked.Add(ref cells->Int, (int)operand);
                results->UInt = Interlocked.Add(ref cells->UInt, (uint)operand);
                results->Long = Interlocked.Add(ref cells->Long, (long)operand);
                results->ULong = Interlocked.Add(ref cells->ULong, operand);
                break;
            case 1:
                results->Int = Interlocked.Increment(ref cells->Int);
                results->UInt = Interlocked.Increment(ref cells->UInt);
                results->Long = Interlocked.Increment(ref cells->Long);
                results->ULong = Interlocked.Increment(ref cells->ULong);
                break;
            case 2:
                results->Int = Interlocked.Decrement(ref cells->Int);
                results->UInt = Interlocked.Decrement(ref cells->UInt);
                results->Long = Interlocked.Decrement(ref cells->Long);
                results->ULong = Interlocked.Decrement(ref cells->ULong);
                break;
            case 3:
                results->Int = Interlocked.Exchange(ref cells->Int, (int)operand);
                results->UInt = Interlocked.Exchange(ref cells->UInt, (uint)operand);
                results->Long = Interlocked.Exchange(ref cells->Long, (long)operand);
                results->ULong = Interlocked.Exchange(ref cells->ULong, operand);
                break;
            case 4:
                results->Int = Interlocked.CompareExchange(ref cells->Int, (int)operand, (int)comparand);
                results->UInt = Interlocked.CompareExchange(ref cells->UInt, (uint)operand, (uint)comparand);
                results->Long = Interlocked.CompareExchange(ref cells->Long, (long)operand, (long)comparand);
                results->ULong = Interlocked.CompareExchange(ref cells->ULong, operand, comparand);
                break;
            case 5:
                results->Int = Interlocked.Or(ref cells->Int, (int)operand);
                results->UInt = Interlocked.Or(ref cells->UInt, (uint)operand);
                results->Long = Interlocked.Or(ref cells->Long, (long)operand);
                results->ULong = Interlocked.Or(ref cells->ULong, operand);
                break;
            case 6:
                results->Int = Interlocked.And(ref cells->Int, (int)operand);
                results->UInt = Interlocked.And(ref cells->UInt, (uint)operand);
                results->Long = Interlocked.And(ref cells->Long, (long)operand);
                results->ULong = Interlocked.And(ref cells->ULong, operand);
                break;
            default:
                // Results unused: the plain (non-fetching) atomic instructions.
                Interlocked.Add(ref cells->Int, (int)operand);
                Interlocked.Increment(ref cells->UInt);
                Interlocked.Or(ref cells->Long, (long)operand);
                Interlocked.And(ref cells->ULong, comparand);
                return XdpAction.Drop;
        }
        // The verdict depends on a returned value, so the result of the 32-bit operation stays live in a register.
        return results->Int < 0 ? XdpAction.Tx : XdpAction.Pass;
    }

    /// <summary>Counts one run in every cell of <see cref="Ticks"/>, ignoring the results.</summary>
    [Xdp]
    public static XdpAction Tick(XdpContext ctx)
    {
        AtomicCells* ticks = Ticks.Lookup(0);
        if (ticks == null) return XdpAction.Aborted;
        Interlocked.Increment(ref ticks->Int);
        Interlocked.Add(ref ticks->UInt, 1u);
        Interlocked.Increment(ref ticks->Long);
        Interlocked.Add(ref ticks->ULong, 2ul);
        return XdpAction.Pass;
    }

    /// <summary>
    /// Records voter <c>data[15]</c> in slot <c>data[16..18]</c> by atomic OR; the vote whose OR completes the mask
    /// <c>data[14]</c> (decided by the fetched old value) counts one completed slot. Returns Pass for that vote only.
    /// </summary>
    [Xdp]
    public static XdpAction Vote(XdpContext ctx)
    {
        byte* data = ctx.Data;
        if (data + 18 > ctx.DataEnd) return XdpAction.Aborted;
        uint all = data[14];
        uint vote = 1u << (data[15] & 7);
        uint* slot = Votes.Lookup((uint)(data[16] | data[17] << 8) & (VoteSlots - 1));
        uint* completed = Votes.Lookup(VoteSlots);
        if (slot == null || completed == null) return XdpAction.Aborted;
        uint before = Interlocked.Or(ref *slot, vote);
        if ((before & vote) != 0 || (before & all) == all || ((before | vote) & all) != all) return XdpAction.Drop;
        Interlocked.Increment(ref *completed);
        return XdpAction.Pass;
    }
}

/// <summary>One integer of each width an atomic works on.</summary>
public struct AtomicCells
{
    public int Int;
    public uint UInt;
    public long Long;
    public ulong ULong;
}

/// <summary>What <see cref="Atomics.Apply"/> reads after the Ethernet header: the operation and its operands.</summary>
[StructLayout(LayoutKind.Sequential, Pack = 1)]
public struct AtomicRequest
{
    /// <summary>Operations 0..6 (Add, Increment, Decrement, Exchange, CompareExchange, Or, And); others apply results unused.</summary>
    public const int Operations = 7;

    public byte Operation;
    public ulong Operand;
    public ulong Comparand;
}
