using Electrode.Programs.Layout;

namespace Electrode.Programs.Tests.Layout;

public class ControlWordTests
{
    [Theory]
    [InlineData(ControlStatus.Normal, 0ul, 0ul)]
    [InlineData(ControlStatus.ViewChange, 7ul, 42ul)]
    [InlineData(ControlStatus.Recovering, ControlWord.ViewMask, ControlWord.LastOpMask)]
    [InlineData(ControlStatus.OutOfRange, 1ul, 1ul)]
    public void Status_view_and_last_op_come_back_out_of_the_word_they_were_packed_into(ControlStatus status, ulong view, ulong lastOp)
    {
        ulong word = ControlWord.Pack(status, view, lastOp);

        Assert.Equal((status, view, lastOp), (ControlWord.StatusOf(word), ControlWord.ViewOf(word), ControlWord.LastOpOf(word)));
    }

    [Fact]
    public void Layout_is_last_op_in_bits_0_to_31_view_in_32_to_61_status_in_62_and_63()
    {
        Assert.Equal(0x8000_0005_0000_0009ul, ControlWord.Pack(ControlStatus.Recovering, 5, 9));
    }

    [Fact]
    public void Replacing_the_last_op_keeps_status_and_view()
    {
        ulong word = ControlWord.Pack(ControlStatus.ViewChange, 12, 3);

        Assert.Equal(ControlWord.Pack(ControlStatus.ViewChange, 12, 99), ControlWord.WithLastOp(word, 99));
    }

    [Fact]
    public void The_control_state_keeps_status_view_and_last_op_in_its_first_word_only()
    {
        Assert.Equal(40, System.Runtime.CompilerServices.Unsafe.SizeOf<ControlState>());
        var state = new ControlState { View = 4, LastOp = 8, Status = ControlStatus.ViewChange };

        Assert.Equal(ControlWord.Pack(ControlStatus.ViewChange, 4, 8), state.Word);
    }
}
