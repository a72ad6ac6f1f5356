return Electrode.Cli.CommandLine.Run(args, Console.Out, Console.Error);
