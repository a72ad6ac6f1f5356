using BpfSharp.Compiler.CommandLine;

return ReadyToRunFramework.RunAgainIfMismatched(args) ?? CompilerProcess.Run(args);
