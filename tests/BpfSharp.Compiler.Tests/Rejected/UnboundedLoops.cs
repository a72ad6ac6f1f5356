using BpfSharp;

public static unsafe class UnboundedLoopProgram
{
    [Xdp]
    public static XdpAction Run(XdpContext ctx)
    {
        uint n = ctx.IngressIfindex;
        uint sum = 0;
        for (uint i = 0; i < n; i++) sum += i; // expect: BPF0009
        for (int i = 0; i < 10; i++) i += 2; // expect: BPF0009
        for (int i = 0; i <= int.MaxValue; i++) sum++; // expect: BPF0009
        while (sum > 3) sum--; // expect: BPF0009
        int k = 0;
        do // expect: BPF0009
        {
            if (sum == 7) continue;
            k++;
        } while (k < 8);
        again:
        sum++;
        if (sum < 100) goto again; // expect: BPF0009
        for (uint i = 0; i < 16; i++) sum += i;
        int j = 0;
        while (j < 4 && sum != 0)
        {
            sum >>= 1;
            j++;
        }
        return sum > 0 ? XdpAction.Pass : XdpAction.Drop;
    }
}
