using System.Buffers.Binary;
using System.Text;
using Electrode.Programs.Wire;
using Electrode.Vr.Messages;
using Electrode.Vr.Wire;

namespace Electrode.Programs.Tests.Wire;

public class TypeNamesTests
{
    [Fact]
    public void Name_lengths_match_the_codecs_type_names()
    {
        Assert.Equal((int)PrepareTypeName.Length, PrepareMessage.Descriptor.FullName.Length);
        Assert.Equal((int)PrepareOkTypeName.Length, PrepareOKMessage.Descriptor.FullName.Length);
        Assert.Equal((int)CommitTypeName.Length, CommitMessage.Descriptor.FullName.Length);
        Assert.Equal((int)MyPrepareOkTypeName.Length, KernelPrepareOk.TypeName.Length);
    }

    [Fact]
    public unsafe void Name_structs_are_exactly_as_long_as_the_names()
    {
        Assert.Equal((int)PrepareTypeName.Length, sizeof(PrepareTypeName));
        Assert.Equal((int)PrepareOkTypeName.Length, sizeof(PrepareOkTypeName));
        Assert.Equal((int)CommitTypeName.Length, sizeof(CommitTypeName));
        Assert.Equal((int)MyPrepareOkTypeName.Length, sizeof(MyPrepareOkTypeName));
    }

    [Fact]
    public unsafe void Each_name_is_recognised_from_its_own_bytes_only()
    {
        string[] names =
        [
            PrepareMessage.Descriptor.FullName,
            PrepareOKMessage.Descriptor.FullName,
            CommitMessage.Descriptor.FullName,
            KernelPrepareOk.TypeName,
            ReplyMessage.Descriptor.FullName,
            StartViewMessage.Descriptor.FullName,
        ];
        foreach (string name in names)
        {
            var bytes = new byte[64];
            Encoding.ASCII.GetBytes(name, bytes);
            fixed (byte* p = bytes)
            {
                Assert.Equal(name == PrepareMessage.Descriptor.FullName, TypeNames.IsPrepare((PrepareTypeName*)p));
                Assert.Equal(name == PrepareOKMessage.Descriptor.FullName, TypeNames.IsPrepareOk((PrepareOkTypeName*)p));
                Assert.Equal(name == CommitMessage.Descriptor.FullName, TypeNames.IsCommit((CommitTypeName*)p));
                Assert.Equal(name == KernelPrepareOk.TypeName, TypeNames.IsMyPrepareOk((MyPrepareOkTypeName*)p));
            }
        }
    }

    [Fact]
    public unsafe void Any_single_byte_change_breaks_recognition()
    {
        var name = Encoding.ASCII.GetBytes(PrepareOKMessage.Descriptor.FullName);
        for (int i = 0; i < name.Length; i++)
        {
            var changed = (byte[])name.Clone();
            changed[i] ^= 0x20;
            fixed (byte* p = changed)
                Assert.False(TypeNames.IsPrepareOk((PrepareOkTypeName*)p), $"byte {i} changed");
        }
    }

    [Fact]
    public unsafe void Written_kernel_name_is_the_codecs_MyPrepareOk_name()
    {
        MyPrepareOkTypeName written;
        TypeNames.WriteMyPrepareOk(&written);

        Assert.Equal(KernelPrepareOk.TypeName, Encoding.ASCII.GetString((byte*)&written, sizeof(MyPrepareOkTypeName)));
    }

    [Fact]
    public void Word_constants_are_the_little_endian_ASCII_of_their_text()
    {
        static ulong Word(string text) => BinaryPrimitives.ReadUInt64LittleEndian(Encoding.ASCII.GetBytes(text));

        Assert.Equal(TypeNames.Specpaxo, Word("specpaxo"));
        Assert.Equal(TypeNames.SVrPro, Word("s.vr.pro"));
        Assert.Equal(TypeNames.ToPrepa, Word("to.Prepa"));
        Assert.Equal(TypeNames.ReMessag, Word("reMessag"));
        Assert.Equal(TypeNames.ReOkMess, Word("reOKMess"));
        Assert.Equal(TypeNames.ToCommi, Word("to.Commi"));
        Assert.Equal(TypeNames.TMessage, Word("tMessage"));
        Assert.Equal(TypeNames.SVrMyP, Word("s.vr.MyP"));
        Assert.Equal(TypeNames.RepareOk, Word("repareOK"));
        Assert.Equal(TypeNames.Ag, BinaryPrimitives.ReadUInt16LittleEndian("ag"u8));
        Assert.Equal(TypeNames.E, (byte)'e');
    }
}
