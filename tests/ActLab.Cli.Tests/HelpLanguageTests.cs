using ActLab.Cli.Output;
using ActLab.Core.Localization;

namespace ActLab.Cli.Tests;

public class HelpLanguageTests
{
    [Fact]
    public void Every_command_option_and_argument_has_korean_help()
    {
        var root = Cli.BuildRoot(new Io(TextWriter.Null, TextWriter.Null));
        var ko = Texts.For(Language.Ko);
        var missing = HelpLanguage.Entries(root).Where(e => !ko.Has(e.Key)).Select(e => $"\"{e.Key}\": \"{e.English.Replace("\n", "\\n").Replace("\"", "\\\"")}\"").ToList();
        Assert.True(missing.Count == 0, $"ko.json lacks {missing.Count} help texts:\n{string.Join(",\n", missing)}");
    }

    private static IEnumerable<System.CommandLine.Command> All(System.CommandLine.Command c) => c.Subcommands.SelectMany(All).Prepend(c);

    [Fact]
    public void Every_korean_help_fits_80_terminal_columns_with_whole_examples()
    {
        var ko = Texts.For(Language.Ko);
        var root = Cli.BuildRoot(new Io(TextWriter.Null, TextWriter.Null));
        HelpLanguage.Apply(root, ko);
        foreach (var command in All(root))
        {
            var text = new StringWriter();
            HelpText.Write(command, text, 80, ko);
            string help = text.ToString();
            Assert.StartsWith("설명:", help);
            foreach (var line in help.Split('\n'))
                Assert.True(HelpText.Cells(line.TrimEnd('\r')) <= 80, $"'{command.Name} --help' has a line of {HelpText.Cells(line)} columns: {line}");
            foreach (var example in (command.Description ?? "").Split('\n').Where(l => l.StartsWith("  actlab", StringComparison.Ordinal) && HelpText.Cells(l) <= 78))
                Assert.Contains(example, help);
            foreach (var option in command.Options.Where(o => !o.Hidden))
                Assert.Contains(option.Name, help);
            if (command.Subcommands.Count > 0)
                Assert.DoesNotContain("예:", help[help.IndexOf("\n명령:", StringComparison.Ordinal)..]);
        }
    }

    [Fact]
    public void Hangul_takes_two_columns_and_korean_sentences_end_a_summary()
    {
        Assert.Equal(10, HelpText.Cells("시그모이드"));
        Assert.Equal(3, HelpText.Cells("a b"));
        Assert.Equal("학습된 실행을 내보냅니다.", Cli.Summary("학습된 실행을 내보냅니다. onnx 형식은 그래프를 씁니다."));
        Assert.Equal("One sentence.", Cli.Summary("One sentence. Another one."));
    }

    [Fact]
    public void The_help_option_itself_is_in_korean()
    {
        var r = CliRunner.Run("list", "--help", "--lang", "ko");
        Assert.Contains("도움말과 사용법을 보여 줍니다", r.Out);
        Assert.Contains("옵션:", r.Out);
        var en = CliRunner.Run("list", "--help", "--lang", "en");
        Assert.Contains("Show help and usage information", en.Out);
        Assert.Contains("Options:", en.Out);
    }
}
