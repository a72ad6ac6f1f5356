namespace Electrode.Faults.Tests;

public class SplitMix64Tests
{
    [Fact]
    public unsafe void Seeded_with_zero_it_gives_the_reference_sequence()
    {
        // The first outputs of Vigna's splitmix64.c with x = 0.
        ulong state = 0;

        Assert.Equal(0xE220A8397B1DCDAFul, SplitMix64.Next(&state));
        Assert.Equal(0x6E789E6AA1B965F4ul, SplitMix64.Next(&state));
        Assert.Equal(0x06C45D188009454Ful, SplitMix64.Next(&state));
    }

    [Fact]
    public void The_finaliser_maps_zero_to_zero_so_CPU_0_starts_from_the_seed_itself() =>
        Assert.Equal(0ul, SplitMix64.Mix(0));
}
