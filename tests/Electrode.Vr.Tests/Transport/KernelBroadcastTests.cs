using Electrode.Vr.Messages;
using Electrode.Vr.Transport;

namespace Electrode.Vr.Tests.Transport;

public class KernelBroadcastTests
{
    [Fact]
    public void PrepareAndCommitAreExpandedByTheEgressProgram()
    {
        Assert.True(KernelBroadcast.Expands(new PrepareMessage { View = 1, Opnum = 1, Batchstart = 1 }));
        Assert.True(KernelBroadcast.Expands(new CommitMessage { View = 1, Opnum = 1 }));
    }

    [Fact]
    public void ViewChangeStateTransferAndRecoveryMessagesAreNotExpanded()
    {
        Assert.False(KernelBroadcast.Expands(new StartViewChangeMessage { View = 1, ReplicaIdx = 0, LastCommitted = 0 }));
        Assert.False(KernelBroadcast.Expands(new RequestStateTransferMessage { View = 1, Opnum = 0 }));
        Assert.False(KernelBroadcast.Expands(new RecoveryMessage { ReplicaIdx = 0, Nonce = 1 }));
    }

    [Fact]
    public void APrepareTooLargeForOneDatagramIsNotExpanded()
    {
        var prepare = new PrepareMessage { View = 1, Batchstart = 1, Opnum = 1 };
        prepare.Request.Add(new Request { Op = Google.Protobuf.ByteString.CopyFrom(new byte[20_000]), Clientid = 1, Clientreqid = 1 });
        Assert.False(KernelBroadcast.Expands(prepare));
    }
}
