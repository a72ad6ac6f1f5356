using System.Runtime.InteropServices;
using Electrode.Programs.Wire;
using Electrode.Vr.Wire;

namespace Electrode.Programs.Tests.Wire;

/// <summary>The kernel's view of the wire format agrees with the codec's, constant by constant and offset by offset.</summary>
public class WireConstantsTests
{
    [Fact]
    public void Frame_offsets_agree_with_the_codec()
    {
        Assert.Equal(UdpFrame.HeaderSize, (int)WireConstants.DatagramOffset);
        Assert.Equal(UdpFrame.HeaderSize + DatagramLayout.PrefixSize, (int)WireConstants.TypeNameOffset);
        Assert.Equal(KernelPrepareOk.BodyLength, (int)WireConstants.MyPrepareOkBodyLength);
    }

    [Fact]
    public unsafe void Struct_sizes_are_the_wire_sizes()
    {
        Assert.Equal(UdpFrame.HeaderSize, sizeof(FrameHeaders));
        Assert.Equal(DatagramLayout.PrefixSize, sizeof(DatagramPreamble));
        Assert.Equal(DatagramLayout.FastHeaderSize, sizeof(FastHeader));
        Assert.Equal(KernelPrepareOk.BodyLength, sizeof(MyPrepareOkBody));
        Assert.Equal((int)MyPrepareOkFrame.Size, UdpFrame.HeaderSize + KernelPrepareOk.EncodedLength);
        Assert.Equal((int)MyPrepareOkFrame.Size, sizeof(MyPrepareOkFrame));
    }

    [Fact]
    public void Fast_header_lies_after_the_type_name_in_each_head()
    {
        Assert.Equal((int)PrepareTypeName.Length, (int)Marshal.OffsetOf<PrepareHead>(nameof(PrepareHead.Fast)));
        Assert.Equal((int)PrepareOkTypeName.Length, (int)Marshal.OffsetOf<PrepareOkHead>(nameof(PrepareOkHead.Fast)));
        Assert.Equal((int)CommitTypeName.Length, (int)Marshal.OffsetOf<CommitHead>(nameof(CommitHead.Fast)));
        Assert.Equal((int)MyPrepareOkTypeName.Length, (int)Marshal.OffsetOf<MyPrepareOkMessage>(nameof(MyPrepareOkMessage.Fast)));
    }
}
