using System.CommandLine;
using System.CommandLine.Completions;
using System.Globalization;
using System.Text;

namespace ActLab.Cli.Output;

/// <summary>
/// <c>--help</c> laid out for a given width (the terminal's; 80 when redirected): the command's description with
/// its paragraphs wrapped at spaces and its example lines kept whole (a longer one continues on an indented line);
/// then usage, arguments, options and subcommands in two columns whose descriptions wrap at spaces. A parent lists
/// each subcommand by its first sentence only. Words and numbers are never split.
/// </summary>
/// <remarks>Our own rather than System.CommandLine's: in 3.0 its HelpBuilder is internal, and its layout put every
/// subcommand's whole description (examples included) in a narrow second column of the root help.</remarks>
internal static class HelpText
{
    public static void Write(Command command, TextWriter output, int width, ActLab.Core.Localization.Texts? texts = null)
    {
        var t = texts ?? ActLab.Core.Localization.Texts.For(ActLab.Core.Localization.Language.En);
        width = Math.Max(40, width);
        var sb = new StringBuilder();
        var path = new List<string>();
        for (Symbol? s = command; s is Command c; s = c.Parents.FirstOrDefault()) path.Insert(0, c is RootCommand ? "actlab" : c.Name);

        sb.AppendLine(t["helpText.description"]);
        foreach (var line in Description(command.Description ?? "", width - 2)) sb.Append("  ").AppendLine(line);
        sb.AppendLine();

        var arguments = command.Arguments.Where(a => !a.Hidden).ToList();
        var options = command.Options.Concat(Recursive(command)).Where(o => !o.Hidden).Distinct().ToList();
        var subcommands = command.Subcommands.Where(c => !c.Hidden).ToList();
        sb.AppendLine(t["helpText.usage"]);
        string usage = string.Join(" ", path) + (subcommands.Count > 0 ? " " + t["helpText.commandPlaceholder"] : "") + string.Concat(arguments.Select(a => " " + ArgumentLabel(a))) + (options.Count > 0 ? " " + t["helpText.optionsPlaceholder"] : "");
        foreach (var line in Wrap(usage, width - 4)) sb.Append("  ").AppendLine(line);

        if (arguments.Count > 0)
        {
            sb.AppendLine().AppendLine(t["helpText.arguments"]);
            Columns(sb, arguments.Select(a => (ArgumentLabel(a), a.Description ?? "")).ToList(), width);
        }
        if (options.Count > 0)
        {
            sb.AppendLine().AppendLine(t["helpText.options"]);
            Columns(sb, options.Select(o => (OptionLabel(o, t), OptionDescription(o, t))).ToList(), width);
        }
        if (subcommands.Count > 0)
        {
            sb.AppendLine().AppendLine(t["helpText.commands"]);
            Columns(sb, subcommands.Select(c => (c.Name + string.Concat(c.Arguments.Where(a => !a.Hidden).Select(a => " <" + a.Name + ">")), Cli.Summary(c.Description))).ToList(), width);
        }
        output.Write(sb.ToString());
    }

    private static IEnumerable<Option> Recursive(Command command)
    {
        for (Symbol? s = command.Parents.FirstOrDefault(); s is Command c; s = c.Parents.FirstOrDefault())
            foreach (var o in c.Options.Where(o => o.Recursive)) yield return o;
    }

    private static string ArgumentLabel(Argument a)
    {
        var values = a.GetCompletions(CompletionContext.Empty).Select(c => c.Label).ToList();
        return values.Count is > 0 and <= 8 ? $"<{string.Join("|", values)}>" : $"<{a.HelpName ?? a.Name}>";
    }

    private static string OptionLabel(Option o, ActLab.Core.Localization.Texts t)
    {
        var names = o.Aliases.Append(o.Name).Where(n => n.StartsWith('-')).Distinct().OrderBy(n => n.Length).ToList();
        if (o is System.CommandLine.Help.HelpOption) names = ["-h", "--help"];
        string label = string.Join(", ", names);
        if (o.ValueType == typeof(bool) || o is System.CommandLine.Help.HelpOption or VersionOption) return label;
        var values = o.GetCompletions(CompletionContext.Empty).Select(c => c.Label).ToList();
        string name = o.HelpName ?? o.Name.TrimStart('-');
        return label + (values.Count is > 0 and <= 6 ? $" <{string.Join("|", values)}>" : $" <{name}>") + (o.Required ? $" {t["helpText.required"]}" : "");
    }

    private static string OptionDescription(Option o, ActLab.Core.Localization.Texts t)
    {
        string text = o.Description ?? "";
        if (o.HasDefaultValue && o.ValueType != typeof(bool) && o.GetDefaultValue() is { } d && !(d is int i && i == 0 && (text.Contains("default", StringComparison.OrdinalIgnoreCase) || text.Contains(t["helpText.default"], StringComparison.Ordinal))))
        {
            string shown = d switch
            {
                double v => v.ToString(CultureInfo.InvariantCulture),
                float v => v.ToString(CultureInfo.InvariantCulture),
                string[] a => string.Join(",", a),
                int[] a => string.Join(",", a),
                double[] a => string.Join(",", a.Select(v => v.ToString(CultureInfo.InvariantCulture))),
                _ => Convert.ToString(d, CultureInfo.InvariantCulture) ?? "",
            };
            if (shown.Length > 0) text += $" [{t["helpText.default"]}: {shown}]";
        }
        return text;
    }

    // Two columns: labels, then descriptions wrapped at spaces; a label wider than its column puts the description
    // on the next line.
    private static void Columns(StringBuilder sb, List<(string Label, string Text)> rows, int width)
    {
        int first = Math.Min(rows.Max(r => Cells(r.Label)), Math.Max(12, width / 3));
        int second = Math.Max(20, width - first - 4);
        foreach (var (label, text) in rows)
        {
            var lines = Wrap(text.ReplaceLineEndings(" "), second).ToList();
            if (Cells(label) > first)
            {
                foreach (var l in Wrap(label, width - 2)) sb.Append("  ").AppendLine(l);
                foreach (var l in lines) sb.Append(' ', first + 4).AppendLine(l);
                continue;
            }
            sb.Append("  ").Append(label).Append(' ', first - Cells(label)).Append("  ").AppendLine(lines.Count > 0 ? lines[0] : "");
            foreach (var l in lines.Skip(1)) sb.Append(' ', first + 4).AppendLine(l);
        }
    }

    /// <summary>A description: paragraphs wrapped; lines that start with spaces (examples) kept whole, or continued
    /// on a deeper-indented line at a space when longer than the width.</summary>
    internal static IEnumerable<string> Description(string text, int width)
    {
        // Consecutive unindented lines are one paragraph (the source breaks them only to keep its own lines short).
        var paragraph = new List<string>();
        foreach (var raw in text.Split('\n').Append(""))
        {
            int indent = raw.Length - raw.TrimStart(' ').Length;
            if (raw.Length > 0 && indent == 0) { paragraph.Add(raw); continue; }
            if (paragraph.Count > 0)
            {
                foreach (var l in Wrap(string.Join(" ", paragraph), width)) yield return l;
                paragraph.Clear();
            }
            if (raw.Length == 0) { yield return ""; continue; }
            if (Cells(raw) <= width) { yield return raw; continue; }
            bool first = true;
            foreach (var l in Wrap(raw.TrimStart(' '), width - indent - 4))
            {
                yield return new string(' ', indent + (first ? 0 : 4)) + l;
                first = false;
            }
        }
    }

    /// <summary>Terminal columns of <paramref name="s"/>: Hangul and other East Asian wide characters take two.</summary>
    internal static int Cells(string s)
    {
        int n = 0;
        foreach (char c in s) n += IsWide(c) ? 2 : 1;
        return n;
    }

    /// <summary>Hangul Jamo, CJK punctuation and ideographs, Hangul syllables and full-width forms.</summary>
    internal static bool IsWide(char c) => c is >= '\u1100' and <= '\u115F' or >= '\u2E80' and <= '\uA4CF' or >= '\uAC00' and <= '\uD7A3' or >= '\uF900' and <= '\uFAFF' or >= '\uFF00' and <= '\uFF60' or >= '\uFFE0' and <= '\uFFE6';

    /// <summary>Greedy word wrap at spaces; a word longer than the width breaks after its commas (a list), else
    /// stands alone on its line, whole.</summary>
    internal static IEnumerable<string> Wrap(string text, int width)
    {
        var pieces = new List<(string Text, bool Glued)>();
        foreach (var w in text.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (Cells(w) <= width || !w.Contains(',')) { pieces.Add((w, false)); continue; }
            bool first = true;
            foreach (var part in System.Text.RegularExpressions.Regex.Split(w, "(?<=,)").Where(p => p.Length > 0)) { pieces.Add((part, !first)); first = false; }
        }
        var line = new StringBuilder();
        int cells = 0;
        foreach (var (word, glued) in pieces)
        {
            int w = Cells(word);
            if (line.Length > 0 && cells + (glued ? 0 : 1) + w > width) { yield return line.ToString(); line.Clear(); cells = 0; }
            else if (line.Length > 0 && !glued) { line.Append(' '); cells++; }
            line.Append(word);
            cells += w;
        }
        if (line.Length > 0) yield return line.ToString();
    }
}
