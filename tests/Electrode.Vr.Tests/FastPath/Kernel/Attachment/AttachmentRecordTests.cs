using Electrode.Vr.FastPath.Kernel.Attachment;

namespace Electrode.Vr.Tests.FastPath.Kernel.Attachment;

public sealed class AttachmentRecordTests
{
    [Fact]
    public void The_interface_name_round_trips_up_to_fifteen_bytes()
    {
        var record = new AttachmentRecord();
        record.SetInterfaceName("eth0");
        Assert.Equal("eth0", record.InterfaceName);
        record.SetInterfaceName("abcdefghijklmno");
        Assert.Equal("abcdefghijklmno", record.InterfaceName);
        record.SetInterfaceName("lo");
        Assert.Equal("lo", record.InterfaceName); // a shorter name leaves nothing of the longer one behind
    }

    [Fact]
    public void A_name_longer_than_the_kernel_allows_is_refused()
    {
        var record = new AttachmentRecord();
        Assert.Throws<ArgumentException>(() => record.SetInterfaceName("abcdefghijklmnop"));
    }

    [Fact]
    public void Only_the_current_magic_and_version_are_valid()
    {
        var record = new AttachmentRecord { Magic = AttachmentRecord.ExpectedMagic, Version = AttachmentRecord.CurrentVersion };
        Assert.True(record.IsValid);
        Assert.False((record with { Version = 2 }).IsValid);
        Assert.False((record with { Magic = 0 }).IsValid);
    }

    [Fact]
    public void The_cluster_fingerprint_reads_as_sixteen_hex_digits()
    {
        var record = new AttachmentRecord { ClusterFingerprint = 0x00ab_cdef_0123_4567 };
        Assert.Equal("00abcdef01234567", record.ClusterFingerprintText);
    }
}
