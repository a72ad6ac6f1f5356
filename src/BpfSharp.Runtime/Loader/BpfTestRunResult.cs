namespace BpfSharp.Loader;

/// <summary>What one <c>BPF_PROG_TEST_RUN</c> reported.</summary>
/// <param name="ReturnValue">The program's return value (for XDP an <c>XDP_*</c> action, for TC a <c>TC_ACT_*</c> code).</param>
/// <param name="DataOut">The packet after the program ran (it may have grown, shrunk or been rewritten).</param>
/// <param name="ContextOut">The context after the program ran (empty when no context was passed in).</param>
/// <param name="DurationNanoseconds">The average time of one repetition, in nanoseconds, as the kernel measured it.</param>
public sealed record BpfTestRunResult(uint ReturnValue, byte[] DataOut, byte[] ContextOut, uint DurationNanoseconds);
