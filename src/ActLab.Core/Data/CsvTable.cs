using System.Globalization;
using ActLab.Kernels;

namespace ActLab.Core.Data;

/// <summary>Bad data: the message names the file, the line and column, and the offending value.</summary>
public sealed class DataException(string message, string? file = null) : ActLab.Kernels.InputException("data", file, message);

/// <summary>How the label column of a data set was chosen.</summary>
public enum LabelSource
{
    /// <summary>Named by the caller.</summary>
    Given,
    /// <summary>The one column named label, target, class or y.</summary>
    Name,
    /// <summary>The last column (no column has a label's name).</summary>
    LastColumn,
}

/// <summary>A data set read from CSV: float features, and targets that are class indices or float values.</summary>
public sealed class Dataset
{
    /// <summary>Feature column names.</summary>
    public required string[] FeatureNames { get; init; }
    /// <summary>The label column's name.</summary>
    public required string LabelName { get; init; }
    /// <summary>One feature vector per row.</summary>
    public required float[][] Features { get; init; }
    /// <summary>Class index (classification) or value (regression) per row.</summary>
    public required float[] Targets { get; init; }
    /// <summary>The class labels as written in the file, in index order; empty for regression.</summary>
    public required string[] Classes { get; init; }
    /// <summary>Rows.</summary>
    public int Count => Targets.Length;
    /// <summary>Whether the target is a float (regression) rather than a class.</summary>
    public bool IsRegression => Classes.Length == 0;
    /// <summary>How the label column was chosen.</summary>
    public LabelSource LabelSource { get; init; } = LabelSource.Given;

    /// <summary>The rows <paramref name="rows"/> (indices into this set), in that order.</summary>
    public Dataset Subset(IReadOnlyList<int> rows) => new()
    {
        FeatureNames = FeatureNames, LabelName = LabelName, Classes = Classes, LabelSource = LabelSource,
        Features = [.. rows.Select(r => Features[r])], Targets = [.. rows.Select(r => Targets[r])],
    };
}

/// <summary>
/// Reads a CSV data set. A header row is required; features are every column but the label; the label is the
/// named column or the last. Class labels may be integers or strings (mapped to indices in sorted order; the
/// mapping is kept with the model), or the target is a float for regression.
/// </summary>
/// <remarks>A small RFC 4180 reader of our own rather than CsvHelper: every error has to name the line and column of
/// the offending cell, which a hand parser knows exactly.</remarks>
public static class CsvTable
{
    /// <summary>Reads <paramref name="path"/>.</summary>
    /// <param name="path">The CSV file.</param>
    /// <param name="label">The label column (default: the last).</param>
    /// <param name="classes">A trained model's classes: labels are mapped to these indices (evaluate, predict).</param>
    /// <param name="featuresOnly">Read the features and ignore the label column's values (predict); the label column may then be absent.</param>
    /// <param name="regression">Treat the label as a float target even if its values are whole numbers.</param>
    /// <param name="features">A trained model's feature names: columns are matched by name and put in this order; a
    /// missing feature, or a column that is neither a feature nor the label, is an error naming it.</param>
    /// <exception cref="DataException">Any problem with the file or its contents.</exception>
    public static Dataset Read(string path, string? label = null, bool regression = false, IReadOnlyList<string>? classes = null, bool featuresOnly = false,
        IReadOnlyList<string>? features = null)
    {
        string name = Path.GetFileName(path);
        if (Directory.Exists(path)) throw new DataException($"{path}: is a folder, not a CSV file.");
        if (!File.Exists(path)) throw new DataException($"{path}: no such file.");
        string text;
        try { text = TextFiles.ReadAll(path, MaxBytes); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { throw new DataException($"{path}: cannot read ({e.Message})."); }
        var rows = Parse(text, name);
        if (rows.Count == 0) throw new DataException($"{name}: the file is empty; it needs a header row and data rows.");
        var header = rows[0].Cells;
        if (header.All(h => double.TryParse(h.Text, NumberStyles.Float, CultureInfo.InvariantCulture, out _)))
            throw new DataException($"{name}:1: the first row ({Show(string.Join(",", header.Select(h => h.Text)))}) looks like data; a header row with column names is required.");
        if (header.Count < 2 && !(featuresOnly && features is not null)) throw new DataException($"{name}:1: only one column; a data set needs at least one feature column and a label column.");
        var duplicate = header.GroupBy(h => h.Text).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null) throw new DataException($"{name}:1: the column name '{Show(duplicate.Key)}' appears {duplicate.Count()} times; column names must be unique.", path);
        int labelIndex = header.Count - 1;
        var labelSource = label is null ? LabelSource.LastColumn : LabelSource.Given;
        if (label is null && features is null)
        {
            // The one column named like a label, if there is exactly one (Kaggle's MNIST puts it first).
            var named = header.Select((h, i) => (h.Text, i)).Where(t => LabelNames.Contains(t.Text, StringComparer.OrdinalIgnoreCase)).ToList();
            if (named.Count == 1) (labelIndex, labelSource) = (named[0].i, LabelSource.Name);
        }
        if (label is not null)
        {
            labelIndex = header.FindIndex(h => h.Text == label);
            if (labelIndex < 0 && !(featuresOnly && features is not null))
                throw new DataException($"{name}: no column named '{Show(label)}'; the columns are {Show(string.Join(", ", header.Select(h => h.Text)))}.", path);
        }
        else if (features is not null && featuresOnly && header.Count == features.Count) labelIndex = -1;
        if (rows.Count == 1) throw new DataException($"{name}: the file has a header but no data rows.", path);
        int[] featureIdx;
        if (features is null) featureIdx = [.. Enumerable.Range(0, header.Count).Where(i => i != labelIndex)];
        else
        {
            var missing = features.Where(f => header.FindIndex(h => h.Text == f) < 0).ToList();
            if (missing.Count > 0)
                throw new DataException($"{name}: the model's feature column{(missing.Count > 1 ? "s" : "")} {Show(string.Join(", ", missing.Select(m => $"'{m}'")))} {(missing.Count > 1 ? "are" : "is")} missing; the file has {Show(string.Join(", ", header.Select(h => h.Text)))}.", path);
            var extra = header.Select((h, i) => (h.Text, i)).Where(t => t.i != labelIndex && !features.Contains(t.Text)).Select(t => $"'{t.Text}'").ToList();
            if (extra.Count > 0)
                throw new DataException($"{name}: column{(extra.Count > 1 ? "s" : "")} {Show(string.Join(", ", extra))} {(extra.Count > 1 ? "are" : "is")} not among the model's features ({Show(string.Join(", ", features))}) nor its label '{Show(label ?? "")}'.", path);
            featureIdx = [.. features.Select(f => header.FindIndex(h => h.Text == f))];
        }
        var featureRows = new float[rows.Count - 1][];
        var rawLabels = new string[rows.Count - 1];
        for (int r = 1; r < rows.Count; r++)
        {
            var row = rows[r];
            if (row.Cells.Count != header.Count)
                throw new DataException($"{name}:{row.Line}: {row.Cells.Count} cells, but the header has {header.Count} columns.");
            var f = new float[featureIdx.Length];
            for (int j = 0; j < featureIdx.Length; j++)
            {
                var cell = row.Cells[featureIdx[j]];
                string column = header[featureIdx[j]].Text;
                if (!double.TryParse(cell.Text, NumberStyles.Float, CultureInfo.InvariantCulture, out double v))
                    throw new DataException($"{name}:{row.Line}:{cell.Column}: '{Show(cell.Text)}' in column '{Show(column)}' is not a number.");
                if (!double.IsFinite(v) || !float.IsFinite((float)v))
                    throw new DataException($"{name}:{row.Line}:{cell.Column}: '{Show(cell.Text)}' in column '{Show(column)}' is not a finite number (NaN or infinity).");
                f[j] = (float)v;
            }
            featureRows[r - 1] = f;
            if (labelIndex < 0) { rawLabels[r - 1] = ""; continue; }
            var lc = row.Cells[labelIndex];
            if (lc.Text.Length == 0 && !featuresOnly) throw new DataException($"{name}:{row.Line}:{lc.Column}: the label is empty.", path);
            rawLabels[r - 1] = lc.Text;
        }
        string labelName = labelIndex < 0 ? label ?? "" : header[labelIndex].Text;
        float[] targets;
        string[] classList;
        if (featuresOnly)
            return new Dataset { FeatureNames = [.. featureIdx.Select(i => header[i].Text)], LabelName = labelName, Features = featureRows, Targets = new float[featureRows.Length], Classes = [] };
        bool numeric = rawLabels.All(l => double.TryParse(l, NumberStyles.Float, CultureInfo.InvariantCulture, out _));
        bool inferred = false;
        if (!regression && numeric && classes is null)
        {
            // Fractions among whole numbers are a typo or a numeric target: never switch the task silently.
            int whole = rawLabels.Count(l => double.Parse(l, CultureInfo.InvariantCulture) % 1 == 0);
            if (whole < rawLabels.Length)
            {
                int first = Array.FindIndex(rawLabels, l => double.Parse(l, CultureInfo.InvariantCulture) % 1 != 0);
                if (2 * whole >= rawLabels.Length)
                    throw new InputException("label", rawLabels[first],
                        $"{name}:{rows[first + 1].Line}:{rows[first + 1].Cells[labelIndex].Column}: the label '{Show(rawLabels[first])}' in column '{Show(header[labelIndex].Text)}' is a fraction among {whole:N0} whole-number labels; fix it, or treat the column as a numeric target (regression).");
                inferred = true; // mostly fractions: a numeric target
            }
        }
        if (regression || inferred)
        {
            targets = new float[rawLabels.Length];
            for (int i = 0; i < rawLabels.Length; i++)
            {
                if (!double.TryParse(rawLabels[i], NumberStyles.Float, CultureInfo.InvariantCulture, out double v) || !double.IsFinite(v))
                    throw new DataException($"{name}:{rows[i + 1].Line}:{rows[i + 1].Cells[labelIndex].Column}: the target '{Show(rawLabels[i])}' is not a finite number.");
                targets[i] = (float)v;
            }
            classList = [];
        }
        else
        {
            // Numeric labels compare as numbers (1, 1.0 and 1e0 are one class) when the class list is numeric too.
            bool numericClasses = numeric && (classes is null || classes.All(c => double.TryParse(c, NumberStyles.Float, CultureInfo.InvariantCulture, out _)));
            classList = classes?.ToArray() ?? (numeric
                ? [.. rawLabels.Distinct().OrderBy(l => double.Parse(l, CultureInfo.InvariantCulture)).Select(l => Canonical(l))]
                : [.. rawLabels.Distinct().OrderBy(l => l, StringComparer.Ordinal)]);
            if (numericClasses) classList = [.. classList.Select(Canonical).Distinct()];
            var index = classList.Select((c, i) => (c, i)).ToDictionary(t => t.c, t => t.i);
            targets = new float[rawLabels.Length];
            var unknown = new List<string>();
            int firstUnknown = -1;
            for (int i = 0; i < rawLabels.Length; i++)
            {
                string key = numericClasses ? Canonical(rawLabels[i]) : rawLabels[i];
                if (!index.TryGetValue(key, out int k))
                {
                    if (firstUnknown < 0) firstUnknown = i;
                    if (!unknown.Contains(rawLabels[i]) && unknown.Count < 5) unknown.Add(rawLabels[i]);
                    continue;
                }
                targets[i] = k;
            }
            if (unknown.Count > 0)
                throw new DataException($"{name}:{rows[firstUnknown + 1].Line}:{rows[firstUnknown + 1].Cells[labelIndex].Column}: label{(unknown.Count > 1 ? "s" : "")} {Show(string.Join(", ", unknown.Select(u => $"'{u}'")))} in column '{Show(labelName)}' {(unknown.Count > 1 ? "are" : "is")} not among the model's classes ({Show(string.Join(", ", classList))}).", path);
            if (classes is null && classList.Length < 2)
                throw new DataException($"{name}: column '{labelName}' has only one class ('{Show(classList[0])}'); a classifier needs at least two.");
            // Many distinct labels: a numeric target read as classes, or the wrong column taken as the label.
            // Whole numbers only: string labels are classes by nature. A few classes in tiny data (4-row XOR) pass.
            if (classes is null && numeric && (classList.Length > MaxClasses || classList.Length > 10 && classList.Length * 10 > rawLabels.Length))
                throw new InputException("label", labelName, string.Create(CultureInfo.InvariantCulture,
                    $"{name}: the label column '{Show(labelName)}' ({DescribeSource(labelSource)}) has {classList.Length:N0} distinct whole numbers in {rawLabels.Length:N0} rows, too many to be classes (more than {MaxClasses}, or more than 10 and a tenth of the rows); choose the label column, or treat it as a numeric target (regression)."));
        }
        return new Dataset
        {
            FeatureNames = [.. featureIdx.Select(i => header[i].Text)],
            LabelName = labelName,
            Features = featureRows,
            Targets = targets,
            Classes = classList,
            LabelSource = labelSource,
        };
    }

    /// <summary>The largest CSV file read (2 GiB): the text and the table built from it must fit in memory.</summary>
    public const long MaxBytes = 2L << 30;

    /// <summary>Column names taken as the label when none is given (case-insensitive), if exactly one column has one.</summary>
    public static readonly string[] LabelNames = ["label", "target", "class", "y"];

    /// <summary>The most distinct labels read as classes without being told the task.</summary>
    public const int MaxClasses = 50;

    private static string DescribeSource(LabelSource s) => s switch
    {
        LabelSource.Given => "as given",
        LabelSource.Name => "found by its name",
        _ => "the last column, as no column is named label, target, class or y",
    };

    private static string Show(string s) => ActLab.Kernels.InputException.Show(s);

    // -0 and 0 are one class; 1, 1.0 and 1e0 are one class.
    private static string Canonical(string numeric) => (double.Parse(numeric, CultureInfo.InvariantCulture) + 0.0).ToString("R", CultureInfo.InvariantCulture);

    private sealed record Cell(string Text, int Column);
    private sealed record Row(int Line, List<Cell> Cells);

    // RFC 4180: commas, double-quoted fields with "" escapes and embedded newlines, \n or \r\n line ends; blank lines skipped.
    private static List<Row> Parse(string text, string name)
    {
        // A NUL or another control character is never data (.NET would read "1.0\0" as 1.0): refuse it where it is.
        void Control(char c, int atLine, int atCol)
        {
            if (c < ' ' && c != '\t' || c == '\x7f')
                throw new DataException($"{name}:{atLine}:{atCol}: a control character ({InputException.Show(c.ToString())}) is not CSV text; is this a binary file?");
        }
        var rows = new List<Row>();
        int line = 1, col = 1, i = 0;
        while (i < text.Length)
        {
            var cells = new List<Cell>();
            int rowLine = line;
            while (true)
            {
                int startCol = col;
                var sb = new System.Text.StringBuilder();
                if (i < text.Length && text[i] == '"')
                {
                    i++; col++;
                    while (true)
                    {
                        if (i >= text.Length) throw new DataException($"{name}:{rowLine}:{startCol}: a quoted field is not closed.");
                        char ch = text[i];
                        if (ch == '"')
                        {
                            if (i + 1 < text.Length && text[i + 1] == '"') { sb.Append('"'); i += 2; col += 2; continue; }
                            i++; col++;
                            break;
                        }
                        if (ch == '\n') { line++; col = 1; } else { Control(ch, line, col); col++; }
                        sb.Append(ch);
                        i++;
                    }
                    // Only spaces may follow a closing quote before the separator (RFC 4180 allows none; spreadsheets write some).
                    while (i < text.Length && text[i] is ' ' or '\t') { i++; col++; }
                    if (i < text.Length && text[i] is not (',' or '\r' or '\n'))
                        throw new DataException($"{name}:{line}:{col}: '{InputException.Show(text[i].ToString())}' follows a closing quote; a quoted field ends at the quote (write \"\" for a quote inside it).");
                }
                else
                {
                    while (i < text.Length && text[i] != ',' && text[i] != '\n' && text[i] != '\r') { Control(text[i], line, col); sb.Append(text[i]); i++; col++; }
                }
                cells.Add(new Cell(sb.ToString().Trim(), startCol));
                if (i < text.Length && text[i] == ',') { i++; col++; continue; }
                if (i < text.Length && text[i] == '\r') i++;
                if (i < text.Length && text[i] == '\n') i++;
                line++; col = 1;
                break;
            }
            if (!(cells.Count == 1 && cells[0].Text.Length == 0)) rows.Add(new Row(rowLine, cells));
        }
        return rows;
    }
}
