using System.Text.RegularExpressions;

namespace BpfSharp.Compiler.Tests.CodeGen;

public class HelperCallTests
{
    private const string Source = """
        using BpfSharp;

        public struct Config { public ulong View; public uint Count; public uint Mine; }
        public struct Peer { public uint Address; public uint Port; }

        public static unsafe class Reload
        {
            [Map] public static readonly ArrayMap<Config> Control = new(1);
            [Map] public static readonly ArrayMap<Peer> Peers = new(16);

            [Xdp]
            public static XdpAction Mine(XdpContext ctx)
            {
                Config* config = Configured();
                if (config == null) return XdpAction.Aborted;
                Peer* me = Peers.Lookup(config->Mine);
                return me != null && me->Port == 7 ? XdpAction.Tx : XdpAction.Pass;
            }

            private static Config* Configured()
            {
                Config* config = Control.Lookup(0);
                if (config == null || config->Mine >= 16) return null;
                return config;
            }
        }
        """;

    [Fact]
    public void A_map_value_field_checked_in_an_inlined_method_is_not_read_again_for_the_next_lookup_key()
    {
        var mine = TestPrograms.OptimisedIrOf(Source, "Mine");

        // One load of Config.Mine (checked, then the key of the second lookup) and one of Peer.Port. The key of the
        // first lookup is a stack slot whose lifetime ends after it; LLVM may forward the checked value past that end only
        // when it knows the lookup did not return a pointer to the slot.
        Assert.Equal(2, Regex.Matches(mine, @"= load i32").Count);
    }
}
