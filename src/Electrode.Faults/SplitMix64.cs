namespace Electrode.Faults;

/// <summary>
/// SplitMix64 (Steele, Lea and Flood; the generator Java's <c>SplittableRandom</c> and Vigna's seeding code use): a
/// 64-bit counter stepped by the golden-ratio gamma, scrambled by a finaliser. Any seed, zero included, gives a full
/// period, and a step is a few ALU instructions with no helper call, so the kernel program needs no random helper.
/// </summary>
public static unsafe class SplitMix64
{
    /// <summary>The increment of the state per step: 2^64 divided by the golden ratio, odd.</summary>
    public const ulong Gamma = 0x9E3779B97F4A7C15;

    /// <summary>Advances <paramref name="state"/> by one step and returns the step's output.</summary>
    public static ulong Next(ulong* state)
    {
        *state += Gamma;
        return Mix(*state);
    }

    /// <summary>The SplitMix64 finaliser: a bijection of 64-bit values that maps 0 to 0.</summary>
    public static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EB;
        return z ^ (z >> 31);
    }
}
