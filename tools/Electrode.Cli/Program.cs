return Electrode.Cli.CommandLine.Run(args);
