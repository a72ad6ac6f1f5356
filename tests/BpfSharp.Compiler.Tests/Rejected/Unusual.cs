using System;
using BpfSharp;

public struct Scope : IDisposable
{
    public void Dispose() { }
}

public static unsafe class UnusualProgram
{
    [Xdp]
    public static XdpAction Run(XdpContext ctx)
    {
        using (var scope = new Scope()) { } // expect: BPF0003
        var type = typeof(int); // expect: BPF0012
        string name = nameof(Run); // expect: BPF0012 BPF0002
        Span<byte> scratch = stackalloc byte[8]; // expect: BPF0012
        byte* raw = stackalloc byte[8];
        raw[0] = 1;
        return raw[0] == 1 ? XdpAction.Pass : XdpAction.Drop;
    }
}
