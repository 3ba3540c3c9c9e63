return ActLab.Cli.Cli.Run(args, Console.Out, Console.Error);
