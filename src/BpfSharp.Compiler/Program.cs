return BpfSharp.Compiler.CommandLine.CompilerProcess.Run(args);
