using System.Buffers.Binary;
using System.Text.RegularExpressions;
using BpfSharp.Testing;

namespace BpfSharp.Compiler.Tests.CodeGen;

public class HeaderNullTestTests
{
    private const string Source = """
        using System.Runtime.InteropServices;
        using BpfSharp;

        [StructLayout(LayoutKind.Sequential, Pack = 1)]
        public struct Outer { public ulong A; public ulong B; public ushort Kind; }

        [StructLayout(LayoutKind.Sequential, Pack = 1)]
        public struct Inner { public uint Tag; public ulong Value; public ulong Other; }

        public static unsafe class TwoHeaders
        {
            [Map] public static readonly ArrayMap<ulong> Counters = new(4);

            [Xdp]
            public static XdpAction Route(XdpContext ctx)
            {
                Outer* outer = ctx.Header<Outer>(0);
                Inner* inner = ctx.Header<Inner>(18);
                if (outer == null || inner == null)
                {
                    ulong* dropped = Counters.Lookup(0);
                    if (dropped != null) *dropped += 1;
                    return XdpAction.Pass;
                }
                if (outer->Kind != 7 || inner->Tag == 0)
                {
                    ulong* other = Counters.Lookup(1);
                    if (other != null) *other += 1;
                    return XdpAction.Pass;
                }
                inner->Value = outer->A + inner->Other;
                ulong* handled = Counters.Lookup(2);
                if (handled != null) *handled += 1;
                return XdpAction.Tx;
            }

            [Xdp]
            public static XdpAction Copied(XdpContext ctx)
            {
                Inner* inner = ctx.Header<Inner>(14);
                Inner* copy = inner;
                if (copy == null) return XdpAction.Drop;
                return copy->Tag == 7 ? XdpAction.Tx : XdpAction.Pass;
            }
        }
        """;

    private static byte[] RouteFrame(int length, ushort kind, uint tag)
    {
        var frame = new byte[length];
        for (var i = 0; i < length; i++) frame[i] = (byte)(0x21 * i + 5);
        if (length >= 18) BinaryPrimitives.WriteUInt16LittleEndian(frame.AsSpan(16), kind);
        if (length >= 22) BinaryPrimitives.WriteUInt32LittleEndian(frame.AsSpan(18), tag);
        return frame;
    }

    [Fact]
    public void Null_tests_of_header_locals_branch_on_the_bounds_checks_without_a_null_or_pointer_value()
    {
        string? ir = null;
        var result = CodeGenerator.Generate(TestPrograms.Model(Source), text => ir = text);

        Assert.True(result.Success, string.Join("\n", result.Diagnostics));
        var route = Regex.Match(ir!, @"define [^\n]*@Route\(.*?\n}", RegexOptions.Singleline).Value;
        Assert.Equal(2, Regex.Matches(route, @"icmp ugt ptr").Count);
        Assert.DoesNotMatch(new Regex(@"select i1 [^\n]*ptr null"), route);
    }

    [KernelFact]
    public void Two_headers_tested_for_null_together_keep_the_verifier_work_below_the_measured_bound()
    {
        using var loaded = KernelPrograms.CompileAndLoad(Source);

        // Measured on kernel 6.18: 88 verified instructions while each Header<T> was a null-or-pointer value tested
        // again (commit 36e10b9), 54 since the null tests branch on the bounds checks.
        Assert.InRange(loaded.Program("Route").Statistics.VerifiedInstructions, 1, 60);
    }

    [KernelFact]
    public void Two_headers_tested_for_null_together_pass_short_frames_and_rewrite_complete_ones()
    {
        using var loaded = KernelPrograms.CompileAndLoad(Source);
        var route = loaded.Program("Route");

        Assert.Equal((uint)XdpAction.Pass, route.TestRun(RouteFrame(37, kind: 7, tag: 1)).ReturnValue);
        Assert.Equal((uint)XdpAction.Pass, route.TestRun(RouteFrame(38, kind: 7, tag: 0)).ReturnValue);
        Assert.Equal((uint)XdpAction.Pass, route.TestRun(RouteFrame(38, kind: 6, tag: 1)).ReturnValue);
        var frame = RouteFrame(38, kind: 7, tag: 1);
        var rewritten = route.TestRun(frame);
        Assert.Equal((uint)XdpAction.Tx, rewritten.ReturnValue);
        var expected = unchecked(BinaryPrimitives.ReadUInt64LittleEndian(frame) + BinaryPrimitives.ReadUInt64LittleEndian(frame.AsSpan(30)));
        Assert.Equal(expected, BinaryPrimitives.ReadUInt64LittleEndian(rewritten.DataOut.AsSpan(22)));
    }

    [KernelFact]
    public void A_copy_of_a_header_local_is_null_when_the_header_is_outside_the_packet()
    {
        using var loaded = KernelPrograms.CompileAndLoad(Source);
        var copied = loaded.Program("Copied");

        Assert.Equal((uint)XdpAction.Drop, copied.TestRun(new byte[33]).ReturnValue);
        var frame = new byte[34];
        frame[14] = 7;
        Assert.Equal((uint)XdpAction.Tx, copied.TestRun(frame).ReturnValue);
        frame[14] = 8;
        Assert.Equal((uint)XdpAction.Pass, copied.TestRun(frame).ReturnValue);
    }
}
