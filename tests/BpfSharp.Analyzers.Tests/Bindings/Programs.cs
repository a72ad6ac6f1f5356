namespace BpfSharp.Analyzers.Tests.Bindings;

/// <summary>The programs the generator tests bind.</summary>
internal static class Programs
{
    public const string Small = """
        using BpfSharp;

        namespace Acme.Filter;

        public static unsafe class PortFilter
        {
            private static readonly ushort s_blockedPort = 9;

            [Map] public static readonly ArrayMap<ulong> Counters = new(2);

            [Xdp]
            public static XdpAction Filter(XdpContext ctx)
            {
                ulong* count = Counters.Lookup(ctx.IngressIfindex == s_blockedPort ? 1u : 0u);
                if (count != null) *count += 1;
                return XdpAction.Pass;
            }
        }
        """;

    public const string EveryMapKind = """
        using System.Runtime.InteropServices;
        using BpfSharp;

        namespace Acme.Filter;

        public enum Mode : byte { Off, On }

        [StructLayout(LayoutKind.Sequential)]
        public struct FlowKey { public uint Source; public uint Destination; }

        [StructLayout(LayoutKind.Sequential)]
        internal struct FlowStats { public ulong Packets; public ulong Bytes; }

        internal static unsafe class Flows
        {
            private static readonly Mode s_mode = Mode.On;
            private static readonly uint s_limit = 100;

            [Map] public static readonly ArrayMap<uint> Settings = new(4);
            [Map] public static readonly PerCpuArrayMap<ulong> PerCpu = new(1);
            [Map] public static readonly HashMap<FlowKey, FlowStats> Table = new(1024);
            [Map(Name = "recent")] public static readonly LruHashMap<uint, ulong> Recent = new(64);
            [Map] public static readonly RingBuffer Events = new(4096);
            [Map] public static readonly ProgramArray Jumps = new(2);

            [Xdp]
            public static XdpAction Ingress(XdpContext ctx)
            {
                if (s_mode == Mode.Off) return XdpAction.Pass;
                var key = new FlowKey { Source = ctx.IngressIfindex, Destination = s_limit };
                FlowStats* stats = Table.Lookup(key);
                if (stats != null) stats->Packets += 1;
                ulong* seen = Recent.Lookup(ctx.IngressIfindex);
                uint* setting = Settings.Lookup(0);
                ulong* mine = PerCpu.Lookup(0);
                if (seen != null && setting != null && mine != null) *mine += *seen + *setting;
                Jumps.TailCall(ctx, 0);
                return XdpAction.Pass;
            }

            [Tc]
            public static TcAction Egress(TcContext ctx)
            {
                uint* setting = Settings.Lookup(1);
                return setting != null && *setting == 1 ? TcAction.Shot : TcAction.Ok;
            }
        }
        """;
}
