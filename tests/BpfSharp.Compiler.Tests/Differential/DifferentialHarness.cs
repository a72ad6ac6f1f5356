using System.Reflection;
using System.Runtime.InteropServices;
using BpfSharp.Compiler.Model;
using BpfSharp.InProcess;
using BpfSharp.Loader;
using BpfSharp.Testing;

namespace BpfSharp.Compiler.Tests.Differential;

/// <summary>
/// The differential harness of DESIGN.md §7.2: one corpus program, compiled by BpfSharp and loaded into the kernel, and
/// the very same C# methods run in-process. Every run goes both ways on the same packet and map state, and the return
/// code, the packet out, ring-buffer records and every map must agree. Map writes and tail-call slots are applied to
/// both sides.
/// </summary>
public sealed class DifferentialHarness : IDisposable
{
    private readonly Type _programType;
    private readonly TemporaryPinDirectory _pins;
    private readonly Dictionary<string, List<byte[]>> _kernelRecords = [];
    private readonly List<BpfRingBuffer> _rings = [];

    private DifferentialHarness(string file, Type programType, Action<BpfObject>? configure)
    {
        _programType = programType;
        (Model, Object) = CorpusCompiler.Compile(file);
        _pins = new TemporaryPinDirectory();
        try
        {
            using var opened = BpfObject.Open(Object, new BpfObjectOpenOptions
            {
                ObjectName = Path.GetFileNameWithoutExtension(file).ToLowerInvariant(),
                PinRootPath = _pins.Path,
            });
            configure?.Invoke(opened);
            Loaded = opened.Load();
            foreach (var map in Model.Maps.Where(m => m.Kind == MapKind.RingBuffer))
            {
                var records = _kernelRecords[map.Name] = [];
                _rings.Add(new BpfRingBuffer(Loaded.Map(map.Name), record => records.Add(record.ToArray())));
            }
        }
        catch
        {
            // A program the verifier refuses must not leave its pin directory (or anything else) behind.
            Dispose();
            throw;
        }
    }

    /// <summary>The front end's model of the program.</summary>
    public ProgramModel Model { get; }

    /// <summary>The compiled object.</summary>
    public byte[] Object { get; }

    /// <summary>The in-process kernel the C# methods run in.</summary>
    public InProcessKernel Kernel { get; } = new();

    /// <summary>The object loaded into the real kernel.</summary>
    public LoadedBpfObject Loaded { get; }

    /// <summary>
    /// Compiles Corpus/<paramref name="file"/> (whose programs and maps are in <paramref name="programType"/>) and loads it;
    /// <paramref name="configure"/> may set <c>.rodata</c> or pins before the load.
    /// </summary>
    public static DifferentialHarness Load(string file, Type programType, Action<BpfObject>? configure = null) =>
        new(file, programType, configure);

    /// <summary>Runs an XDP program both ways and asserts that both agree; returns the agreed verdict and packet.</summary>
    public (XdpAction Action, byte[] Packet) RunXdp(Func<XdpContext, XdpAction> program, byte[] packet)
    {
        var local = Kernel.RunXdp(program, packet);
        var remote = Loaded.Program(ProgramName(program.Method)).TestRun(packet);
        AssertAgree(program.Method, packet, (uint)local.Action, remote.ReturnValue, local.Packet, remote.DataOut, local.RingRecords);
        return (local.Action, local.Packet);
    }

    /// <summary>Runs an XDP program in the kernel only (for behaviour the loader changed, such as <c>.rodata</c>).</summary>
    public BpfTestRunResult RunXdpInKernel(Func<XdpContext, XdpAction> program, byte[] packet) =>
        Loaded.Program(ProgramName(program.Method)).TestRun(packet);

    /// <summary>Runs a TC program both ways and asserts that both agree; returns the agreed verdict and packet.</summary>
    public (TcAction Action, byte[] Packet) RunTc(Func<TcContext, TcAction> program, byte[] packet)
    {
        var local = Kernel.RunTc(program, packet);
        var remote = Loaded.Program(ProgramName(program.Method)).TestRun(packet);
        AssertAgree(program.Method, packet, unchecked((uint)(int)local.Action), remote.ReturnValue, local.Packet, remote.DataOut, local.RingRecords);
        return (local.Action, local.Packet);
    }

    /// <summary>Sets an array entry on both sides.</summary>
    public void SetArray<TValue>(ArrayMap<TValue> map, uint index, TValue value) where TValue : unmanaged
    {
        Assert.Equal(0, Kernel.Map(map).Update(index, value));
        Loaded.Map(MapName(map)).Update(index, value);
    }

    /// <summary>Sets a hash entry on both sides.</summary>
    public void SetHash<TKey, TValue>(HashMap<TKey, TValue> map, TKey key, TValue value) where TKey : unmanaged where TValue : unmanaged
    {
        Assert.Equal(0, Kernel.Map(map).Update(key, value));
        Loaded.Map(MapName(map)).Update(key, value);
    }

    /// <summary>Puts an XDP program into a tail-call slot on both sides.</summary>
    public void SetTailCall(ProgramArray map, uint slot, Func<XdpContext, XdpAction> program)
    {
        Kernel.SetTailCall(map, slot, program);
        Loaded.Map(MapName(map)).SetProgram(slot, Loaded.Program(ProgramName(program.Method)));
    }

    /// <summary>Puts a TC program into a tail-call slot on both sides.</summary>
    public void SetTailCall(ProgramArray map, uint slot, Func<TcContext, TcAction> program)
    {
        Kernel.SetTailCall(map, slot, program);
        Loaded.Map(MapName(map)).SetProgram(slot, Loaded.Program(ProgramName(program.Method)));
    }

    /// <summary>Asserts that every map (except program arrays and ring buffers, compared per run) holds the same on both sides.</summary>
    public void AssertMapsEqual()
    {
        foreach (var definition in Model.Maps)
        {
            object map = MapObject(definition);
            var (local, remote) = definition.Kind switch
            {
                MapKind.Array => Call(nameof(ArrayContents), map, definition),
                MapKind.PerCpuArray => Call(nameof(PerCpuContents), map, definition),
                MapKind.Hash or MapKind.LruHash => Call(nameof(HashContents), map, definition),
                _ => ((List<string>?)null, (List<string>?)null),
            };
            if (local is not null) Assert.True(local.SequenceEqual(remote!), $"map '{definition.Name}' differs:\n in-process {string.Join(", ", local)}\n kernel     {string.Join(", ", remote!)}");
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var ring in _rings) ring.Dispose();
        Loaded?.Dispose();
        Kernel.Dispose();
        _pins.Dispose();
    }

    private void AssertAgree(MethodInfo method, byte[] packet, uint localCode, uint kernelCode, byte[] localOut, byte[] kernelOut,
        IReadOnlyList<RingRecord> localRecords)
    {
        string input = Convert.ToHexString(packet);
        Assert.True(localCode == kernelCode, $"{method.Name}: return code in-process {localCode}, in the kernel {kernelCode}, on packet {input}");
        Assert.True(localOut.AsSpan().SequenceEqual(kernelOut),
            $"{method.Name}: packet out differs on packet {input}\n in-process {Convert.ToHexString(localOut)}\n kernel     {Convert.ToHexString(kernelOut)}");
        foreach (var ring in _rings) ring.Consume();
        foreach (var (name, kernelRecords) in _kernelRecords)
        {
            var local = localRecords.Where(r => MapName(r.Ring) == name).Select(r => Convert.ToHexString(r.Bytes)).ToList();
            var remote = kernelRecords.Select(Convert.ToHexString).ToList();
            kernelRecords.Clear();
            Assert.True(local.SequenceEqual(remote), $"{method.Name}: ring '{name}' records differ\n in-process {string.Join(", ", local)}\n kernel     {string.Join(", ", remote)}");
        }

        AssertMapsEqual();
    }

    private string ProgramName(MethodInfo method)
    {
        bool clash = Model.EntryPoints.Count(e => e.Method.Name == method.Name) > 1;
        return clash ? method.DeclaringType!.Name + "_" + method.Name : method.Name;
    }

    private string MapName(BpfMap map) =>
        Model.Maps.Single(m => ReferenceEquals(MapObject(m), map)).Name;

    private object MapObject(MapDefinition definition) =>
        _programType.GetField(definition.Field.Name, BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic)?.GetValue(null)
        ?? throw new InvalidOperationException($"map field '{definition.Field.Name}' is not a static field of {_programType.Name}");

    private (List<string>, List<string>) Call(string name, object map, MapDefinition definition) =>
        ((List<string>, List<string>))typeof(DifferentialHarness)
            .GetMethod(name, BindingFlags.Instance | BindingFlags.NonPublic)!
            .MakeGenericMethod(map.GetType().GetGenericArguments())
            .Invoke(this, [map, definition])!;

    private (List<string>, List<string>) ArrayContents<TValue>(ArrayMap<TValue> map, MapDefinition definition) where TValue : unmanaged
    {
        var local = Kernel.Map(map).ToArray().Select(v => Hex(v)).ToList();
        var handle = Loaded.Map(definition.Name);
        var remote = Enumerable.Range(0, definition.MaxEntries)
            .Select(i => handle.TryLookup((uint)i, out TValue value) ? Hex(value) : "absent")
            .ToList();
        return (local, remote);
    }

    private (List<string>, List<string>) PerCpuContents<TValue>(PerCpuArrayMap<TValue> map, MapDefinition definition) where TValue : unmanaged
    {
        // The kernel runs each test run on whichever CPU the thread is on: compare what all CPUs hold together.
        var view = Kernel.Map(map);
        var handle = Loaded.Map(definition.Name);
        var local = new List<string>();
        var remote = new List<string>();
        for (uint i = 0; i < definition.MaxEntries; i++)
        {
            local.Add(Aggregate(view.Lookup(i) ?? []));
            remote.Add(Aggregate(handle.LookupPerCpu<uint, TValue>(i) ?? []));
        }

        return (local, remote);
    }

    private (List<string>, List<string>) HashContents<TKey, TValue>(BpfMap map, MapDefinition definition)
        where TKey : unmanaged where TValue : unmanaged
    {
        var view = map is HashMap<TKey, TValue> hash ? Kernel.Map(hash) : Kernel.Map((LruHashMap<TKey, TValue>)map);
        var local = view.Entries().Select(e => Hex(e.Key) + "=" + Hex(e.Value)).Order(StringComparer.Ordinal).ToList();
        var remote = Loaded.Map(definition.Name).Entries<TKey, TValue>().Select(e => Hex(e.Key) + "=" + Hex(e.Value))
            .Order(StringComparer.Ordinal).ToList();
        return (local, remote);
    }

    /// <summary>Integer values summed over CPUs; other values as the sorted non-zero copies.</summary>
    private static string Aggregate<TValue>(TValue[] perCpu) where TValue : unmanaged
    {
        if (typeof(TValue) == typeof(ulong) || typeof(TValue) == typeof(uint) || typeof(TValue) == typeof(long) || typeof(TValue) == typeof(int))
            return perCpu.Sum(v => Convert.ToDecimal(v, System.Globalization.CultureInfo.InvariantCulture)).ToString(System.Globalization.CultureInfo.InvariantCulture);
        return string.Join("|", perCpu.Select(v => Hex(v)).Where(h => h.Any(c => c != '0')).Order(StringComparer.Ordinal));
    }

    private static string Hex<T>(T value) where T : unmanaged =>
        Convert.ToHexString(MemoryMarshal.AsBytes(new ReadOnlySpan<T>(in value)));
}
