using BpfSharp;

public static class RecursionProgram
{
    [Xdp]
    public static XdpAction Run(XdpContext ctx) =>
        Factorial(ctx.IngressIfindex) + Even(4) > 0 ? XdpAction.Pass : XdpAction.Drop;

    private static uint Factorial(uint n) => n <= 1 ? 1 : n * Factorial(n - 1); // expect: BPF0007

    private static uint Even(uint n) => n == 0 ? 1 : Odd(n - 1); // expect: BPF0007

    private static uint Odd(uint n) => n == 0 ? 0 : Even(n - 1); // expect: BPF0007
}
