using System.Runtime.CompilerServices;

// The loader tests check the interop struct layouts against the C headers.
[assembly: InternalsVisibleTo("BpfSharp.Runtime.Tests")]
