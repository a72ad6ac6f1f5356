using BpfSharp;

// expect-global: BPF0106
public static class Helpers
{
    public static uint Twice(uint x) => x * 2;
}
