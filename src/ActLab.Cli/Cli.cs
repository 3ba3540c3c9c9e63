using System.CommandLine;
using ActLab.Cli.Commands;
using ActLab.Kernels.Catalogue;

namespace ActLab.Cli;

/// <summary>A bad command line or bad input: one line on stderr, exit code 2.</summary>
public sealed class UsageException : Exception
{
    /// <summary>A usage error worded here (English only).</summary>
    public UsageException(string message) : base(message) { }

    /// <summary>A usage error worded by the text catalogue: the English text is the message, <see cref="Text"/> words it in
    /// the user's language.</summary>
    public static UsageException Of(string key, params object?[] args) => new(new ActLab.Kernels.TextKey(key, args));

    /// <summary>An input error as an argument of a usage text (its own text, worded in the same language).</summary>
    public static object Nested(ActLab.Kernels.InputException e) => ActLab.Core.Localization.Texts.Nested(e);

    private UsageException(ActLab.Kernels.TextKey text) : base(ActLab.Core.Localization.Texts.English.Format(text)) => Text = text;

    /// <summary>The catalogue text, or null for a message worded here.</summary>
    public ActLab.Kernels.TextKey? Text { get; }
}

/// <summary>The <c>actlab</c> command: parses, calls the libraries, prints. Exit codes: 0 ok, 2 bad usage or input, 1 failure while running.</summary>
public static class Cli
{
    public const int Ok = 0, Failure = 1, Usage = 2, Interrupted = 130;

    // The libraries name inputs in their own vocabulary; the command line names options.
    private static readonly Dictionary<string, string> Options = new()
    {
        ["batchSize"] = "--batch-size", ["learningRate"] = "--lr", ["epochs"] = "--epochs", ["split"] = "--split", ["model"] = "--model",
        ["loss"] = "--loss", ["optimizer"] = "--optimizer", ["output"] = "--output", ["momentum"] = "--momentum", ["weightDecay"] = "--weight-decay",
        ["patience"] = "--patience", ["init"] = "--init", ["threshold"] = "--threshold", ["samples"] = "--samples", ["noise"] = "--noise",
        ["classes"] = "--classes", ["depth"] = "--depth", ["seeds"] = "--seeds", ["activations"] = "--activations",
        ["datasets"] = "--dataset", ["shard"] = "--shard", ["merge"] = "--merge", ["weights"] = "--weights", ["standardizeFrom"] = "--standardize-from", ["features"] = "--features", ["opset"] = "--opset", ["activation"] = "--activation", ["from"] = "--from", ["step"] = "--step", ["width"] = "--width", ["labels"] = "--labels", ["bins"] = "--bins", ["hidden"] = "--hidden", ["shape"] = "--shape", ["dim"] = "--shape", ["out"] = "--out",
    };

    public static int Run(string[] args, TextWriter stdout, TextWriter stderr, CancellationToken cancellation = default)
    {
        var io = new Io(stdout, stderr) { Cancellation = cancellation };
        var root = BuildRoot(io);
        ConfigureHelp(root, io);
        if (args.Length == 0) args = ["--help"];
        var parse = root.Parse(args);
        if (parse.Errors.Count > 0 && parse.Action is not WrappedHelp)
        {
            string command = parse.CommandResult.Command == root ? "actlab" : $"actlab {parse.CommandResult.Command.Name}";
            var error = parse.Errors.FirstOrDefault(e => e.Message.StartsWith("Unrecognized", StringComparison.Ordinal)) ?? parse.Errors[0];
            // System.CommandLine words its own errors (in English); the hints around them follow --lang (or the environment).
            int at = Array.IndexOf(args, "--lang");
            var early = ActLab.Core.Localization.Texts.For((at >= 0 && at + 1 < args.Length ? ActLab.Core.Localization.Texts.Parse(args[at + 1]) : null) ?? ActLab.Core.Localization.Texts.FromEnvironment());
            string valid = parse.CommandResult.Command == root ? early.Format("cli.commands", string.Join(", ", root.Subcommands.Select(c => c.Name))) : "";
            return io.Fail(Usage, $"{error.Message}{valid}{ListHint(args, error.Message, early)}{early.Format("cli.seeHelp", command)}");
        }
        string? lang = parse.GetValue<string?>("--lang");
        if (lang is not null && ActLab.Core.Localization.Texts.Parse(lang) is null)
            return io.Fail(Usage, $"--lang must be ko or en; got '{ActLab.Kernels.InputException.Show(lang)}'.");
        io.Texts = ActLab.Core.Localization.Texts.For(lang is null ? ActLab.Core.Localization.Texts.FromEnvironment() : ActLab.Core.Localization.Texts.Parse(lang)!.Value);
        Output.HelpLanguage.Apply(root, io.Texts);
        try
        {
            return parse.Invoke(new InvocationConfiguration { EnableDefaultExceptionHandler = false, Output = stdout, Error = stderr });
        }
        catch (Exception e)
        {
            var (code, message) = Classify(e, io.Texts);
            return io.Fail(code, message);
        }
    }

    /// <summary>Help that reads at 80 columns: each command's own help has its whole description and examples, while a
    /// parent's list of commands shows only the first sentence of each; the width is the terminal's (or COLUMNS, else 80).</summary>
    /// <summary>The command tree, every command writing to <paramref name="io"/>.</summary>
    internal static RootCommand BuildRoot(Io io)
    {
        var root = new RootCommand(
            "ActLab: exact, fast neural-network activation functions with PyTorch semantics.\n\n" +
            "Activations are named by a spec: 'name' or 'name:key=value,...', for example\n" +
            "  relu   leaky-relu:negative-slope=0.1   gelu:approximate=tanh   softmax:dim=0\n\n" +
            "Examples:\n" +
            "  actlab list\n" +
            "  actlab describe sigmoid\n" +
            "  actlab eval sigmoid -1 0 1\n" +
            "  actlab eval softmax 2 1 0.1 --grad\n" +
            "  actlab tutorial\n" +
            "  actlab train --data binary_data.csv --hidden 16,16 --activation relu\n" +
            "  actlab generate gaussians --out binary_data.csv --rng numpy\n" +
            "  actlab plot function sigmoid tanh relu --derivative --out curves.png");
        // --lang ko|en on every command: the texts a person reads (JSON stays English).
        root.Options.Add(new Option<string?>("--lang")
        {
            Description = "Language of the texts: ko (한국어) or en (default: from LANG/LC_ALL, else English). JSON output stays English.",
            Recursive = true,
        });
        root.Subcommands.Add(ListCommand.Create(io));
        root.Subcommands.Add(DescribeCommand.Create(io));
        root.Subcommands.Add(EvalCommand.Create(io));
        root.Subcommands.Add(GenerateCommand.Create(io));
        root.Subcommands.Add(TutorialCommand.Create(io));
        root.Subcommands.Add(TrainCommand.Create(io));
        root.Subcommands.Add(EvaluateCommand.Create(io));
        root.Subcommands.Add(PredictCommand.Create(io));
        root.Subcommands.Add(PlotCommand.Create(io));
        root.Subcommands.Add(InspectCommand.Create(io));
        root.Subcommands.Add(CompareCommand.Create(io));
        root.Subcommands.Add(ExportCommand.Create(io));
        root.Subcommands.Add(ImportCommand.Create(io));
        root.Subcommands.Add(PlaygroundCommand.Create(io));

        return root;
    }

    private static void ConfigureHelp(RootCommand root, Io io)
    {
        if (root.Options.OfType<System.CommandLine.Help.HelpOption>().FirstOrDefault() is not { } option) return;
        option.Action = new WrappedHelp(io);
    }

    private sealed class WrappedHelp(Io io) : System.CommandLine.Invocation.SynchronousCommandLineAction
    {
        public override int Invoke(ParseResult parseResult)
        {
            Output.HelpText.Write(parseResult.CommandResult.Command, io.Out, Output.Terminal.Width(io, fallback: 80), io.Texts);
            return Ok;
        }
    }

    /// <summary>The first sentence of a description (up to the first ". " or line break).</summary>
    internal static string Summary(string? description)
    {
        if (string.IsNullOrEmpty(description)) return "";
        string first = string.Join(" ", description.Split("\n\n")[0].Split('\n').Select(l => l.Trim()));
        // A sentence ends at ". " before a capital letter ("ch. 6" and "e.g. x" do not end one), before Hangul, or after
        // a Korean sentence ending (…다.).
        for (int dot = first.IndexOf(". ", StringComparison.Ordinal); dot > 0; dot = first.IndexOf(". ", dot + 1, StringComparison.Ordinal))
            if (dot + 2 < first.Length && (char.IsUpper(first[dot + 2]) || Output.HelpText.IsWide(first[dot + 2]) || first[dot - 1] == '다')) return first[..(dot + 1)];
        return first;
    }

    // "--hidden 16 16": the second number is a stray argument; say that lists are comma-separated.
    private static string ListHint(string[] args, string message, ActLab.Core.Localization.Texts texts)
    {
        string[] lists = ["--hidden", "--split", "--activations", "--dataset", "--shape", "--labels"];
        for (int i = 0; i + 2 < args.Length; i++)
            if (lists.Contains(args[i]) && !args[i + 2].StartsWith('-') && message.Contains($"'{args[i + 2]}'", StringComparison.Ordinal))
                return texts.Format("cli.listHint", args[i], args[i + 1], args[i + 2]);
        return "";
    }

    // An input error in the user's language where the catalogue has it (the English message otherwise).
    private static string Word(ActLab.Kernels.InputException e, ActLab.Core.Localization.Texts? texts) => texts is null ? e.Message : texts.Message(e);

    /// <summary>The exit code and the one-line message for an exception: the user's mistakes (usage, bad input) are 2,
    /// failures while running (divergence, I/O) 1, Ctrl-C 130, and anything else is a bug: 1, named as one.</summary>
    internal static (int Code, string Message) Classify(Exception e, ActLab.Core.Localization.Texts? texts = null) => e switch
    {
        UsageException { Text: { } text } when texts is not null => (Usage, texts.Format(text)),
        UsageException => (Usage, e.Message),
        ActLab.Core.Runs.RunFolderException { Problem: ActLab.Core.Runs.RunFolderProblem.Exists } f => (Usage, $"--out {Word(f, texts).TrimEnd('.')} {texts?["error.addForce"] ?? "(add --force)."}"),
        ActLab.Kernels.InputException i => (Usage, Options.TryGetValue(i.Parameter, out var option) && !i.Message.StartsWith(option, StringComparison.Ordinal) ? $"{option}: {Word(i, texts)}" : Word(i, texts)),
        InvalidDataException => (Usage, e.Message),
        ActLab.Core.Training.DivergedException { Text: { } text } when texts is not null => (Failure, texts.Format(text)),
        ActLab.Core.Training.DivergedException => (Failure, e.Message),
        OperationCanceledException => (Interrupted, texts?["error.interrupted"] ?? "interrupted."),
        IOException or UnauthorizedAccessException => (Failure, e.Message),
        _ => (Failure, $"internal error: {e.GetType().FullName}: {e.Message} (this is a bug in ActLab; please report it)"),
    };
}

/// <summary>The two streams a command writes to, and the one-line error format.</summary>
public sealed class Io(TextWriter stdout, TextWriter stderr)
{
    public TextWriter Out { get; } = stdout;
    public TextWriter Err { get; } = stderr;

    /// <summary>The texts of the language chosen with --lang (default: the environment's, LANG and friends).</summary>
    public ActLab.Core.Localization.Texts Texts { get; set; } = ActLab.Core.Localization.Texts.For(ActLab.Core.Localization.Language.En);

    /// <summary>Fires on Ctrl-C or SIGTERM (in the real process); long commands stop after their current step.</summary>
    public CancellationToken Cancellation { get; init; }

    /// <summary>Whether stdout is a terminal (tables get colour and the window width only then).</summary>
    public bool IsTerminal => ReferenceEquals(Out, Console.Out) && !Console.IsOutputRedirected;

    public int Fail(int code, string message)
    {
        Err.WriteLine($"actlab: error: {message.ReplaceLineEndings(" ")}");
        return code;
    }
}
