using System.Runtime.InteropServices;
using BpfSharp.Loader;
using BpfSharp.Testing;

namespace BpfSharp.Runtime.Tests.Loader;

public partial class PermissionTests
{
    [KernelFact]
    public void Load_by_a_thread_without_capabilities_throws_BpfPermissionException_saying_to_run_as_root()
    {
        Exception? failure = null;
        // Linux credentials are per thread: this thread alone gives up every capability, then exits.
        var thread = new Thread(() =>
        {
            DropAllCapabilitiesOfThisThread();
            using var obj = BpfObject.Open(FixtureObjects.PathOf("maps"));
            failure = Record.Exception(() => obj.Load().Dispose());
        });
        FixtureObjects.PathOf("maps"); // compiled by a thread that keeps its privileges
        thread.Start();
        thread.Join();

        var permission = Assert.IsType<BpfPermissionException>(failure);
        Assert.Equal(Errno.EPERM, permission.Errno);
        Assert.Contains("Run as root", permission.Message);
    }

    private static unsafe void DropAllCapabilitiesOfThisThread()
    {
        var header = new CapabilityHeader { Version = 0x20080522, Pid = 0 }; // _LINUX_CAPABILITY_VERSION_3, this thread
        var data = stackalloc CapabilityData[2];
        if (CapabilitySet(&header, data) != 0)
            throw new InvalidOperationException($"capset failed: errno {Marshal.GetLastPInvokeError()}");
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct CapabilityHeader
    {
        public uint Version;
        public int Pid;
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct CapabilityData
    {
        public uint Effective;
        public uint Permitted;
        public uint Inheritable;
    }

    [LibraryImport("libc", EntryPoint = "capset", SetLastError = true)]
    private static unsafe partial int CapabilitySet(CapabilityHeader* header, CapabilityData* data);
}
