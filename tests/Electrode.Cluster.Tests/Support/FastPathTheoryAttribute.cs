using BpfSharp.Testing;
using Electrode.Cluster;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace Electrode.Cluster.Tests.Support;

/// <summary>
/// A theory over fast-path modes: its first argument is <c>none</c>, <c>generic</c> or <c>native</c> (see
/// <see cref="FastPathModes"/>). Rows in a kernel mode need <c>electrode attach</c>: where this build lacks it they are
/// skipped with the reason, except when CI is "true", where they fail with it. Like <see cref="KernelTheoryAttribute"/>,
/// every row fails in CI when the kernel cannot load BPF programs.
/// </summary>
[XunitTestCaseDiscoverer("Electrode.Cluster.Tests.Support.FastPathTheoryDiscoverer", "Electrode.Cluster.Tests")]
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class FastPathTheoryAttribute : TheoryAttribute
{
    /// <summary>Marks the theory, skipping it where the kernel cannot load BPF programs (outside CI).</summary>
    public FastPathTheoryAttribute()
    {
        if (KernelTestEnvironment.SkipReason is { } reason)
            Skip = reason;
    }
}

/// <summary>Discovers <see cref="FastPathTheoryAttribute"/> theories row by row.</summary>
public sealed class FastPathTheoryDiscoverer(IMessageSink diagnosticMessageSink) : TheoryDiscoverer(diagnosticMessageSink)
{
    /// <inheritdoc />
    public override IEnumerable<IXunitTestCase> Discover(ITestFrameworkDiscoveryOptions discoveryOptions, ITestMethod testMethod, IAttributeInfo theoryAttribute)
    {
        if (KernelTestEnvironment.FailureReason is { } reason)
            return [Failure(discoveryOptions, testMethod, $"Kernel test cannot run although CI=true demands it: {reason}")];
        return base.Discover(discoveryOptions, testMethod, theoryAttribute);
    }

    /// <inheritdoc />
    protected override IEnumerable<IXunitTestCase> CreateTestCasesForDataRow(ITestFrameworkDiscoveryOptions discoveryOptions, ITestMethod testMethod,
        IAttributeInfo theoryAttribute, object[] dataRow)
    {
        if (dataRow.Length > 0 && dataRow[0] is string mode && mode != FastPathModes.None && FastPathModes.WhyKernelUnavailable is { } why)
        {
            return FastPathModes.IsContinuousIntegration
                ? [Failure(discoveryOptions, testMethod, $"the kernel fast paths are required with CI=true ({mode} mode): {why}")]
                : [new XunitSkippedDataRowTestCase(DiagnosticMessageSink, discoveryOptions.MethodDisplayOrDefault(),
                    discoveryOptions.MethodDisplayOptionsOrDefault(), testMethod, $"{mode} mode: {why}", dataRow)];
        }
        return base.CreateTestCasesForDataRow(discoveryOptions, testMethod, theoryAttribute, dataRow);
    }

    private IXunitTestCase Failure(ITestFrameworkDiscoveryOptions options, ITestMethod testMethod, string message) =>
        new ExecutionErrorTestCase(DiagnosticMessageSink, options.MethodDisplayOrDefault(), options.MethodDisplayOptionsOrDefault(), testMethod, message);
}
