using BpfSharp.InProcess;

namespace BpfSharp.Runtime.Tests.Support;

/// <summary>Runs a piece of program code inside an XDP run, where map operations and helpers are allowed.</summary>
public static class KernelExtensions
{
    public static T InProgram<T>(this InProcessKernel kernel, Func<T> body)
    {
        T result = default!;
        kernel.RunXdp(_ =>
        {
            result = body();
            return XdpAction.Pass;
        }, Frames.Raw());
        return result;
    }

    public static void InProgram(this InProcessKernel kernel, Action body) => kernel.InProgram(() =>
    {
        body();
        return 0;
    });
}
