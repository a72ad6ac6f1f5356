using Electrode.Faults.Control;

namespace Electrode.Faults.Tests;

public class FaultSettingsTests
{
    [Fact]
    public void Settings_become_the_map_value_with_their_generation()
    {
        var config = new FaultSettings { LossPpm = 50_000, DuplicatePpm = 10_000, FirstPort = 7001, LastPort = 7003, Seed = 9 }.ToConfig(3);

        Assert.Equal((50_000u, 10_000u, (ushort)7001, (ushort)7003, 9ul, 3ul),
            (config.LossPpm, config.DuplicatePpm, config.FirstPort, config.LastPort, config.Seed, config.Generation));
    }

    [Theory]
    [InlineData(1_000_001u, 0u, "exceed 1,000,000 ppm")]
    [InlineData(600_000u, 400_001u, "exceed 1,000,000 ppm")]
    public void Rates_above_one_million_together_are_refused(uint loss, uint duplicate, string expected)
    {
        var error = Assert.Throws<ArgumentException>(() => new FaultSettings { LossPpm = loss, DuplicatePpm = duplicate }.ToConfig(1));
        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public void An_empty_port_range_is_refused()
    {
        var error = Assert.Throws<ArgumentException>(() => new FaultSettings { FirstPort = 9, LastPort = 8 }.ToConfig(1));
        Assert.Contains("is empty", error.Message);
    }

    [Fact]
    public void Generation_zero_is_reserved_for_an_unconfigured_injector() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new FaultSettings().ToConfig(0));
}
