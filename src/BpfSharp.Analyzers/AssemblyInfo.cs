using System.Runtime.CompilerServices;

[assembly: InternalsVisibleTo("BpfSharp.Analyzers.Tests")]
