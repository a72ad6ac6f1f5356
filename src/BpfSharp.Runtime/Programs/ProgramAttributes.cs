namespace BpfSharp;

/// <summary>
/// Marks a static method as a BPF program entry point. The compiler emits it into the ELF section named by
/// <see cref="Section"/>, which is how libbpf learns the program type.
/// </summary>
[AttributeUsage(AttributeTargets.Method, Inherited = false)]
public abstract class BpfProgramAttribute : Attribute
{
    /// <summary>Creates the attribute with the ELF section the program is placed in.</summary>
    protected BpfProgramAttribute(string section) => Section = section;

    /// <summary>ELF section of the program (libbpf's section-name conventions: <c>xdp</c>, <c>tc</c>, ...).</summary>
    public string Section { get; }
}

/// <summary>
/// An XDP program (<c>BPF_PROG_TYPE_XDP</c>): signature <c>static XdpAction Name(XdpContext ctx)</c>.
/// Runs on the driver's receive path before an skb exists.
/// </summary>
[AttributeUsage(AttributeTargets.Method, Inherited = false)]
public sealed class XdpAttribute : BpfProgramAttribute
{
    /// <summary>Places the program in section <c>xdp</c>, or in <paramref name="section"/> when given.</summary>
    public XdpAttribute(string section = "xdp") : base(section) { }
}

/// <summary>
/// A traffic-control classifier (<c>BPF_PROG_TYPE_SCHED_CLS</c>) run in direct-action mode from a clsact hook:
/// signature <c>static TcAction Name(TcContext ctx)</c>.
/// </summary>
[AttributeUsage(AttributeTargets.Method, Inherited = false)]
public sealed class TcAttribute : BpfProgramAttribute
{
    /// <summary>Places the program in section <c>tc</c>, or in <paramref name="section"/> when given.</summary>
    public TcAttribute(string section = "tc") : base(section) { }
}

/// <summary>The licence string written to the object's <c>license</c> section; GPL-only helpers need a GPL-compatible one.</summary>
[AttributeUsage(AttributeTargets.Assembly)]
public sealed class BpfLicenseAttribute(string license) : Attribute
{
    /// <summary>The licence, e.g. <c>"GPL"</c> or <c>"Dual BSD/GPL"</c>.</summary>
    public string License { get; } = license;
}
