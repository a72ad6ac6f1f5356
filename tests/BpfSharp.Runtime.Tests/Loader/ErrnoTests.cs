using BpfSharp.Loader;

namespace BpfSharp.Runtime.Tests.Loader;

public class ErrnoTests
{
    [Theory]
    [InlineData(1, "EPERM")]
    [InlineData(2, "ENOENT")]
    [InlineData(7, "E2BIG")]
    [InlineData(13, "EACCES")]
    [InlineData(17, "EEXIST")]
    [InlineData(22, "EINVAL")]
    [InlineData(-17, "EEXIST")]
    [InlineData(524, "ENOTSUPP")]
    [InlineData(4007, "LIBBPF_ERRNO__VERIFY")]
    public void Name_maps_errno_to_its_symbol_whatever_the_sign(int errno, string name)
    {
        Assert.Equal(name, Errno.Name(errno));
    }

    [Fact]
    public void Describe_gives_name_and_system_meaning()
    {
        Assert.Equal("ENOENT (No such file or directory)", Errno.Describe(-2));
        Assert.Equal("LIBBPF_ERRNO__VERIFY (kernel verifier blocks program loading)", Errno.Describe(4007));
    }

    [Fact]
    public void Unknown_errno_is_named_by_number()
    {
        Assert.Equal("errno 3999", Errno.Name(3999));
    }

    [Fact]
    public void EPERM_becomes_a_permission_exception_that_says_what_to_do()
    {
        var error = BpfExceptionFactory(Errno.EPERM);

        var permission = Assert.IsType<BpfPermissionException>(error);
        Assert.Contains("Run as root", permission.Message);
        Assert.Contains("cap_bpf", permission.Message);
    }

    [Fact]
    public void Other_errno_becomes_a_BpfException_naming_operation_and_error()
    {
        var error = BpfExceptionFactory(-Errno.EEXIST);

        Assert.Equal(typeof(BpfException), error.GetType());
        Assert.Equal("Doing it failed: EEXIST (File exists).", error.Message);
        Assert.Equal("EEXIST", error.ErrnoName);
    }

    [Fact]
    public void Missing_libbpf_and_missing_kernel_btf_say_how_to_fix_them()
    {
        Assert.Contains("apt-get install libbpf1", new LibbpfNotFoundException().Message);
        Assert.Contains("CONFIG_DEBUG_INFO_BTF=y", new KernelBtfMissingException("Loading needs it.", Errno.ENOENT).Message);
    }

    private static BpfException BpfExceptionFactory(int errno) => BpfException.FromErrno("Doing it", errno);
}
