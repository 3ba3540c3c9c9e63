using Spectre.Console;

namespace ActLab.Cli.Output;

internal static class Terminal
{
    /// <summary>A Spectre console on the command's stdout: colour and window width on a terminal, plain text
    /// 160 columns wide otherwise (files, pipes, tests).</summary>
    public static IAnsiConsole For(Io io)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(io.Out),
            Ansi = io.IsTerminal ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = io.IsTerminal ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
        });
        if (!io.IsTerminal) console.Profile.Width = 160;
        return console;
    }
}
