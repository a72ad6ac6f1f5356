using Xunit.Abstractions;
using Xunit.Sdk;

namespace BpfSharp.Testing;

/// <summary>Discovers [KernelFact] tests; in CI without kernel support, each becomes a failure stating the reason.</summary>
public sealed class KernelFactDiscoverer(IMessageSink diagnosticMessageSink) : FactDiscoverer(diagnosticMessageSink)
{
    /// <inheritdoc />
    public override IEnumerable<IXunitTestCase> Discover(ITestFrameworkDiscoveryOptions discoveryOptions, ITestMethod testMethod, IAttributeInfo factAttribute)
        => KernelTestFailure.For(DiagnosticMessageSink, discoveryOptions, testMethod)
           ?? base.Discover(discoveryOptions, testMethod, factAttribute);
}

/// <summary>Discovers [KernelTheory] tests; in CI without kernel support, each becomes a failure stating the reason.</summary>
public sealed class KernelTheoryDiscoverer(IMessageSink diagnosticMessageSink) : TheoryDiscoverer(diagnosticMessageSink)
{
    /// <inheritdoc />
    public override IEnumerable<IXunitTestCase> Discover(ITestFrameworkDiscoveryOptions discoveryOptions, ITestMethod testMethod, IAttributeInfo theoryAttribute)
        => KernelTestFailure.For(DiagnosticMessageSink, discoveryOptions, testMethod)
           ?? base.Discover(discoveryOptions, testMethod, theoryAttribute);
}

internal static class KernelTestFailure
{
    internal static IEnumerable<IXunitTestCase>? For(IMessageSink sink, ITestFrameworkDiscoveryOptions options, ITestMethod testMethod)
    {
        if (KernelTestEnvironment.FailureReason is not { } reason)
            return null;
        return
        [
            new ExecutionErrorTestCase(sink, options.MethodDisplayOrDefault(), options.MethodDisplayOptionsOrDefault(), testMethod,
                $"Kernel test cannot run although CI=true demands it: {reason}"),
        ];
    }
}
