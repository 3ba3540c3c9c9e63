using Spectre.Console;

namespace ActLab.Cli.Output;

/// <summary>
/// A table that fits a width without splitting a word or a number: names and numbers never wrap, text columns wrap
/// only at spaces, and when even that does not fit, the least important columns are dropped (and named under the
/// table, with where to find them).
/// </summary>
internal sealed class FittedTable
{
    private sealed record Column(string Header, int Priority, bool Wrap, Justify Align);
    private readonly List<Column> _columns = [];
    private readonly List<string[]> _rows = [];

    /// <summary>Adds a column; a larger <paramref name="priority"/> is dropped first. Wrapping columns break at spaces.</summary>
    public FittedTable Add(string header, int priority = 0, bool wrap = false, Justify align = Justify.Left)
    {
        _columns.Add(new Column(header, priority, wrap, align));
        return this;
    }

    /// <summary>Adds a row of plain text (escaped here).</summary>
    public void Row(params string[] cells) => _rows.Add(cells);

    // The narrowest a column can be: its longest word if it wraps, else its longest cell.
    private int MinWidth(int c)
    {
        var col = _columns[c];
        // In terminal cells: a Hangul syllable takes two (an undercount makes a table that cannot fit).
        int Longest(string s) => col.Wrap ? s.Split(' ', '\n').Max(HelpText.Cells) : s.Split('\n').Max(HelpText.Cells);
        return Math.Max(col.Header.Split(' ').Max(HelpText.Cells), _rows.Count == 0 ? 0 : _rows.Max(r => Longest(r[c])));
    }

    /// <summary>Writes the table at the console's width, and a line naming any column left out.</summary>
    public void Write(IAnsiConsole console, string hiddenHint = "widen the terminal to see them", ActLab.Core.Localization.Texts? texts = null)
    {
        int width = console.Profile.Width;
        var kept = Enumerable.Range(0, _columns.Count).ToList();
        // Rounded borders: "│ " before each cell, " " after, and a closing "│".
        int Needed() => kept.Sum(c => MinWidth(c) + 3) + 1;
        while (Needed() > width && kept.Count > 1)
            kept.Remove(kept.OrderByDescending(c => _columns[c].Priority).ThenByDescending(c => c).First());
        var table = new Table().Border(TableBorder.Rounded);
        // When the cells at full width do not fit, Spectre shrinks every column in proportion, cutting numbers and
        // names; pinning the columns that must not wrap to their own width leaves the squeezing to headers and text.
        int Natural(int c) => Math.Max(HelpText.Cells(_columns[c].Header), _rows.Count == 0 ? 0 : _rows.Max(r => r[c].Split('\n').Max(HelpText.Cells)));
        bool squeezed = kept.Sum(c => Natural(c) + 3) + 1 > width;
        foreach (int c in kept)
        {
            var column = new TableColumn(Markup.Escape(_columns[c].Header)) { Alignment = _columns[c].Align };
            if (!_columns[c].Wrap) column.NoWrap();
            if (squeezed && !_columns[c].Wrap) column.Width(MinWidth(c));
            table.AddColumn(column);
        }
        foreach (var r in _rows) table.AddRow([.. kept.Select(c => Markup.Escape(r[c]))]);
        console.Write(table);
        var dropped = Enumerable.Range(0, _columns.Count).Except(kept).Select(c => _columns[c].Header).ToList();
        if (dropped.Count > 0)
            console.WriteLine((texts ?? ActLab.Core.Localization.Texts.For(ActLab.Core.Localization.Language.En)).Format("table.notShown", width, string.Join(", ", dropped), hiddenHint));
    }
}
