using System.CommandLine;
using ActLab.Cli.Output;
using static ActLab.Cli.Tests.CliRunner;

namespace ActLab.Cli.Tests;

/// <summary>At 80 columns nothing is wider than the terminal and no name, number or example is split.</summary>
[Collection("processes")]
public class NarrowTerminalTests
{
    private static readonly Dictionary<string, string> Narrow = new() { ["COLUMNS"] = "80" };

    private static IEnumerable<Command> All(Command c) => c.Subcommands.SelectMany(All).Prepend(c);

    [Fact]
    public void Every_help_fits_80_columns_with_whole_examples_and_one_sentence_per_command_in_lists()
    {
        var root = Cli.BuildRoot(new Io(TextWriter.Null, TextWriter.Null));
        foreach (var command in All(root))
        {
            var text = new StringWriter();
            HelpText.Write(command, text, 80);
            string help = text.ToString();
            foreach (var line in help.Split('\n'))
                Assert.True(line.TrimEnd('\r').Length <= 80, $"'{command.Name} --help' has a line of {line.Length}: {line}");
            // Every example that fits the width is printed whole, on one line.
            foreach (var example in (command.Description ?? "").Split('\n').Where(l => l.StartsWith("  actlab", StringComparison.Ordinal) && l.Length <= 78))
                Assert.Contains(example, help);
            // Option names are never broken.
            foreach (var option in command.Options.Where(o => !o.Hidden))
                Assert.Contains(option.Name, help);
            // A parent lists its commands by their first sentence: no examples in a list of commands.
            if (command.Subcommands.Count > 0)
            {
                string list = help[help.IndexOf("\nCommands:", StringComparison.Ordinal)..];
                Assert.DoesNotContain("Examples:", list);
                Assert.DoesNotContain("actlab ", list);
            }
        }
        var rootHelp = new StringWriter();
        HelpText.Write(root, rootHelp, 80);
        Assert.Equal(1, rootHelp.ToString().Split("Examples:").Length - 1); // only the root's own
    }

    [Fact]
    public void A_command_is_listed_by_its_whole_first_sentence()
    {
        Assert.Equal("Per-layer histograms over a run's data (Deep Learning from Scratch, ch. 6).", Cli.Summary("Per-layer histograms over a run's data (Deep Learning from Scratch, ch. 6).\n\nExamples:\n  actlab x"));
        Assert.Equal("Evaluate a model.", Cli.Summary("Evaluate a model. Classes: loss."));
    }

    [Fact]
    public void Wrap_breaks_at_spaces_and_after_commas_of_a_long_list_only()
    {
        Assert.Equal(["alpha beta", "gamma"], HelpText.Wrap("alpha beta gamma", 10));
        Assert.Equal(["a-very-long-word-indeed", "x"], HelpText.Wrap("a-very-long-word-indeed x", 10)); // whole, on its own line
        Assert.Equal(["[default:", "sigmoid,tanh,", "relu,gelu]"], HelpText.Wrap("[default: sigmoid,tanh,relu,gelu]", 14));
    }

    [Fact]
    public void List_inspect_and_compare_fit_80_columns_and_name_what_they_leave_out()
    {
        using (var list = new ChildProcess(Narrow, "list"))
        {
            Assert.Equal(0, list.Wait(TimeSpan.FromMinutes(1)));
            Assert.All(list.Out.Split('\n'), l => Assert.True(l.Length <= 80, l));
            // Names are whole: each catalogue key is a cell of its own.
            foreach (var key in ActLab.Kernels.Catalogue.Catalogue.All.Select(e => e.Key))
                Assert.Contains($"│ {key} ", list.Out);
            Assert.Contains("Not shown at 80 columns:", list.Out);
        }
        string dir = Directory.CreateTempSubdirectory("actlab-narrow-").FullName;
        string data = Path.Combine(dir, "x.csv"), run = Path.Combine(dir, "run");
        Assert.Equal(0, Run("generate", "xor", "--out", data, "--samples", "200").ExitCode);
        Assert.Equal(0, Run("train", "--data", data, "--hidden", "8,8", "--epochs", "2", "--out", run).ExitCode);
        using (var inspect = new ChildProcess(Narrow, "inspect", "--run", run))
        {
            Assert.Equal(0, inspect.Wait(TimeSpan.FromMinutes(1)));
            Assert.All(inspect.Out.Split('\n'), l => Assert.True(l.Length <= 80, l));
            Assert.Matches(@"│ 0\s+│ relu\s+│\s+-?\d+\.?\d* ± \d+\.?\d* │", inspect.Out); // numbers whole, on the layer's line
        }
        using var compare = new ChildProcess(Narrow, "compare", "--activations", "relu,tanh", "--dataset", "xor", "--seeds", "1", "--epochs", "2", "--depth", "2", "--width", "4",
            "--out", Path.Combine(dir, "cmp"));
        Assert.Equal(0, compare.Wait(TimeSpan.FromMinutes(2)));
        Assert.All(compare.Out.Split('\n'), l => Assert.True(l.Length <= 80, l));
        Assert.Contains("compare.csv and --json have every column", compare.Out);
    }
}
