namespace BpfSharp.Compiler.CodeGen;

/// <summary>Kernel helper ids (<c>enum bpf_func_id</c>) the intrinsics call.</summary>
internal enum BpfHelper
{
    MapLookupElem = 1,
    MapUpdateElem = 2,
    MapDeleteElem = 3,
    KtimeGetNs = 5,
    GetSmpProcessorId = 8,
    SkbStoreBytes = 9,
    TailCall = 12,
    CloneRedirect = 13,
    Redirect = 23,
    SkbLoadBytes = 26,
    CsumDiff = 28,
    XdpAdjustHead = 44,
    XdpAdjustTail = 65,
    RingbufOutput = 130,
    RingbufReserve = 131,
    RingbufSubmit = 132,
    RingbufDiscard = 133,
    RingbufQuery = 134,
    XdpLoadBytes = 189,
    XdpStoreBytes = 190,
}
