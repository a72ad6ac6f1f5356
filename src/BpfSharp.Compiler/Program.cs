return BpfSharp.Compiler.CompilerCommand.Run(args);
