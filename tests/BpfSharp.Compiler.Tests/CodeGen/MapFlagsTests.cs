using BpfSharp.Loader;
using BpfSharp.Testing;

namespace BpfSharp.Compiler.Tests.CodeGen;

/// <summary>
/// <c>[Map(Flags = MapFlags.Mmapable)]</c> reaches the BTF map definition (<c>map_flags</c>), so the kernel creates the
/// map with <c>BPF_F_MMAPABLE</c> and userspace shares its values' memory with the program.
/// </summary>
public class MapFlagsTests
{
    private const string Source = """
        using System.Threading;
        using BpfSharp;

        public static unsafe class Shared
        {
            [Map(Flags = MapFlags.Mmapable)] public static readonly ArrayMap<ulong> Words = new(3);
            [Map] public static readonly ArrayMap<ulong> Plain = new(1);

            [Xdp]
            public static XdpAction Claim(XdpContext ctx)
            {
                ulong* word = Words.Lookup(1);
                if (word == null)
                    return XdpAction.Aborted;
                ulong seen = *word;
                return Interlocked.CompareExchange(ref *word, seen + 1, seen) == seen ? XdpAction.Tx : XdpAction.Drop;
            }
        }
        """;

    [KernelFact]
    public void An_mmapable_array_is_created_with_BPF_F_MMAPABLE_and_a_plain_one_without()
    {
        using var loaded = KernelPrograms.CompileAndLoad(Source);

        Assert.Equal((uint)MapFlags.Mmapable, loaded.Map("Words").Info.Flags & (uint)MapFlags.Mmapable);
        Assert.Equal(0u, loaded.Map("Plain").Info.Flags & (uint)MapFlags.Mmapable);
    }

    [KernelFact]
    public unsafe void Userspace_and_the_program_exchange_the_same_mapped_value()
    {
        using var loaded = KernelPrograms.CompileAndLoad(Source);
        using var words = loaded.Map("Words").MapArray<ulong>();
        var program = loaded.Program("Claim");
        var frame = KernelPrograms.UdpFrame(7000, new byte[4]);

        words[1] = 41;
        Assert.Equal((uint)XdpAction.Tx, program.TestRun(frame).ReturnValue);

        Assert.Equal(42ul, words[1]);
        Assert.Equal(42ul, Interlocked.CompareExchange(ref words[1], 100, 42));
        Assert.True(loaded.Map("Words").TryLookup(1u, out ulong throughTheSyscall));
        Assert.Equal(100ul, throughTheSyscall);
        Assert.Equal((0ul, 0ul), (words[0], words[2]));
    }

    [KernelFact]
    public void A_map_without_the_flag_cannot_be_mapped()
    {
        using var loaded = KernelPrograms.CompileAndLoad(Source);

        var error = Assert.Throws<InvalidOperationException>(() => loaded.Map("Plain").MapArray<ulong>());
        Assert.Contains("MapFlags.Mmapable", error.Message);
    }

    [KernelFact]
    public void A_value_type_of_another_size_is_refused_and_a_disposed_mapping_cannot_be_read()
    {
        using var loaded = KernelPrograms.CompileAndLoad(Source);

        Assert.Throws<ArgumentException>(() => loaded.Map("Words").MapArray<uint>());
        var words = loaded.Map("Words").MapArray<ulong>();
        Assert.Throws<ArgumentOutOfRangeException>(() => words[3]);
        words.Dispose();
        Assert.Throws<ObjectDisposedException>(() => words[0]);
    }

    [Fact]
    public void The_flag_is_in_the_btf_map_definition_only_of_the_map_that_declares_it()
    {
        var withFlag = TestPrograms.CompileToObject(Source);
        var withoutFlag = TestPrograms.CompileToObject(Source.Replace("[Map(Flags = MapFlags.Mmapable)]", "[Map]"));

        Assert.True(withFlag.AsSpan().IndexOf("map_flags\0"u8) >= 0);
        Assert.True(withoutFlag.AsSpan().IndexOf("map_flags\0"u8) < 0);
    }
}
