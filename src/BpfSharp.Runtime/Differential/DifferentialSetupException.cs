namespace BpfSharp.Differential;

/// <summary>The C# declarations given to a <see cref="DifferentialTester"/> do not describe the object it loaded.</summary>
public sealed class DifferentialSetupException(string message) : Exception(message);
