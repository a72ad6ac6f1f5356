using System;
using BpfSharp;

public static class OutsideCallProgram
{
    [Xdp]
    public static XdpAction Run(XdpContext ctx)
    {
        uint a = Math.Max(ctx.IngressIfindex, 3u); // expect: BPF0010
        uint pid = getpid(); // expect: BPF0010
        int log = System.Numerics.BitOperations.Log2(a); // expect: BPF0010
        return a + pid + (uint)log > 0 ? XdpAction.Pass : XdpAction.Drop;
    }

    [System.Runtime.InteropServices.DllImport("libc")]
    private static extern uint getpid();
}
