using System.Text;
using Electrode.Vr.Apps;

namespace Electrode.Vr.Tests.Apps;

public class EchoAppTests
{
    [Fact]
    public void LoggedAndUnloggedOps_AreRecordedSeparatelyAndEchoed()
    {
        var app = new EchoApp();

        var logged = app.Execute(1, "test: 0"u8);
        var unlogged = app.ExecuteUnlogged("test: 1"u8);

        Assert.Equal("reply: test: 0", Encoding.UTF8.GetString(logged));
        Assert.Equal("unlreply: test: 1", Encoding.UTF8.GetString(unlogged));
        Assert.Equal(["test: 0"], app.Ops);
        Assert.Equal(["test: 1"], app.UnloggedOps);
    }
}
