using Spectre.Console;

namespace ActLab.Cli.Output;

internal static class Terminal
{
    /// <summary>A Spectre console on the command's stdout: colour and window width on a terminal, plain text
    /// COLUMNS (else 160) columns wide otherwise (files, pipes, tests).</summary>
    public static IAnsiConsole For(Io io)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(io.Out),
            Ansi = io.IsTerminal ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = io.IsTerminal ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
        });
        console.Profile.Width = Width(io, fallback: 160);
        return console;
    }

    /// <summary>The width to lay text out in: the terminal's, else the COLUMNS environment variable, else
    /// <paramref name="fallback"/> (tables piped to a file stay whole; help stays at 80).</summary>
    public static int Width(Io io, int fallback)
    {
        if (io.IsTerminal)
        {
            try { if (Console.WindowWidth >= 20) return Console.WindowWidth; } catch (IOException) { }
        }
        return int.TryParse(Environment.GetEnvironmentVariable("COLUMNS"), out int c) && c is >= 20 and <= 1000 ? c : fallback;
    }
}
