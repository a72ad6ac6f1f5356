using System.Runtime.CompilerServices;
using BpfSharp;

public struct Flow
{
    public uint Source;
    public uint Destination;
}

public static class CallArgumentsProgram
{
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static uint Six(uint a, uint b, uint c, uint d, uint e, uint f) => a + b + c + d + e + f; // expect: BPF0015

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static Flow FiveAndAResult(uint a, uint b, uint c, uint d, uint e) => new Flow { Source = a + b + c, Destination = d + e }; // expect: BPF0015

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static uint Five(uint a, uint b, uint c, uint d, uint e) => a + b + c + d + e;

    private static uint SixInlined(uint a, uint b, uint c, uint d, uint e, uint f) => a + b + c + d + e + f;

    [Xdp]
    public static XdpAction Run(XdpContext ctx)
    {
        uint q = ctx.RxQueueIndex;
        uint sum = Six(q, 1, 2, 3, 4, 5) + Five(q, 1, 2, 3, 4) + SixInlined(q, 1, 2, 3, 4, 5) + FiveAndAResult(q, 1, 2, 3, 4).Source;
        return sum > 40 ? XdpAction.Drop : XdpAction.Pass;
    }
}
