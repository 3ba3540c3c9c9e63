using System.Globalization;
using System.Text;
using ActLab.Kernels;

namespace ActLab.Core.Data;

/// <summary>Bad data: the message names the file, the line and column, and the offending value.</summary>
public sealed class DataException : ActLab.Kernels.InputException
{
    /// <summary>A problem worded by the caller (English only).</summary>
    public DataException(string message, string? file = null) : base("data", file, message) { }

    /// <summary>A problem worded by the text catalogue (<paramref name="text"/>'s English is the message).</summary>
    public DataException(ActLab.Kernels.TextKey text, string? file = null) : base("data", file, text, Localization.Texts.English.Format(text)) { }
}

/// <summary>How far a CSV read has come: rows and bytes so far, and the input's size when it is a regular file.</summary>
public readonly record struct CsvProgress(long Rows, long Bytes, long? TotalBytes);

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
/// <remarks>One pass over the bytes (<see cref="CsvScanner"/>) straight into float32 rows: no string per cell, no
/// copy of the text, so a FIFO or standard input (<c>-</c>) works and memory is the table plus a 1 MiB buffer. Our own
/// reader rather than Sep or CsvHelper: every error names the line and column (in characters) of the offending cell,
/// and control characters are refused where they are.</remarks>
public static class CsvTable
{
    /// <summary>Reads <paramref name="path"/> in one pass.</summary>
    /// <param name="path">The CSV file, a FIFO, or <c>-</c> for standard input.</param>
    /// <param name="label">The label column (default: the last).</param>
    /// <param name="classes">A trained model's classes: labels are mapped to these indices (evaluate, predict).</param>
    /// <param name="featuresOnly">Read the features and ignore the label column's values (predict); the label column may then be absent.</param>
    /// <param name="regression">Treat the label as a float target even if its values are whole numbers.</param>
    /// <param name="features">A trained model's feature names: columns are matched by name and put in this order; a
    /// missing feature, or a column that is neither a feature nor the label, is an error naming it.</param>
    /// <param name="progress">Called every 16,384 rows and at the end with the rows and bytes read so far.</param>
    /// <exception cref="DataException">Any problem with the file or its contents.</exception>
    public static Dataset Read(string path, string? label = null, bool regression = false, IReadOnlyList<string>? classes = null, bool featuresOnly = false,
        IReadOnlyList<string>? features = null, Action<CsvProgress>? progress = null)
    {
        using var input = TextFiles.Open(path, MaxBytes);
        return Read(input, label, regression, classes, featuresOnly, features, progress);
    }

    /// <summary>Reads an opened input (a file, a FIFO or standard input) in one pass; the parameters are those of
    /// <see cref="Read(string, string?, bool, IReadOnlyList{string}?, bool, IReadOnlyList{string}?, Action{CsvProgress}?)"/>.</summary>
    /// <param name="input">The input, from <see cref="TextFiles.Open"/>.</param>
    /// <param name="label">The label column.</param>
    /// <param name="regression">Treat the label as a float target.</param>
    /// <param name="classes">A trained model's classes.</param>
    /// <param name="featuresOnly">Ignore the label column's values.</param>
    /// <param name="features">A trained model's feature names.</param>
    /// <param name="progress">Called every 16,384 rows and at the end.</param>
    public static Dataset Read(TextInput input, string? label = null, bool regression = false, IReadOnlyList<string>? classes = null, bool featuresOnly = false,
        IReadOnlyList<string>? features = null, Action<CsvProgress>? progress = null) =>
        Read(input, label, regression, classes, featuresOnly, features, progress, ParallelBytes, Math.Min(Environment.ProcessorCount, 8));

    /// <summary>The same, with the size above which a regular file is read in <paramref name="parts"/> parallel parts (tests read small files in parts).</summary>
    internal static Dataset Read(TextInput input, string? label, bool regression, IReadOnlyList<string>? classes, bool featuresOnly,
        IReadOnlyList<string>? features, Action<CsvProgress>? progress, long parallelBytes, int parts)
    {
        string name = input.Name, path = input.Name;
        var csv = new CsvScanner(input.Stream, name);
        if (!csv.Next()) throw new DataException($"{name}: the file is empty; it needs a header row and data rows.") { Key = "error.csv.empty", Args = [name] };
        var header = Enumerable.Range(0, csv.Count).Select(csv.Text).ToList();
        if (header.All(h => double.TryParse(h, NumberStyles.Float, CultureInfo.InvariantCulture, out _)))
            throw new DataException($"{name}:1: the first row ({Show(string.Join(",", header))}) looks like data; a header row with column names is required.") { Key = "error.csv.noHeader", Args = [name, Show(string.Join(",", header))] };
        if (header.Count < 2 && !(featuresOnly && features is not null)) throw new DataException($"{name}:1: only one column; a data set needs at least one feature column and a label column.") { Key = "error.csv.oneColumn", Args = [name] };
        var duplicate = header.GroupBy(h => h).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null) throw new DataException(new ActLab.Kernels.TextKey("error.csv.duplicateColumn", name, Show(duplicate.Key), duplicate.Count()), path);
        int labelIndex = header.Count - 1;
        var labelSource = label is null ? LabelSource.LastColumn : LabelSource.Given;
        if (label is null && features is null)
        {
            // The one column named like a label, if there is exactly one (Kaggle's MNIST puts it first).
            var named = header.Select((h, i) => (h, i)).Where(t => LabelNames.Contains(t.h, StringComparer.OrdinalIgnoreCase)).ToList();
            if (named.Count == 1) (labelIndex, labelSource) = (named[0].i, LabelSource.Name);
        }
        if (label is not null)
        {
            labelIndex = header.IndexOf(label);
            if (labelIndex < 0 && !(featuresOnly && features is not null))
                throw new DataException($"{name}: no column named '{Show(label)}'; the columns are {Show(string.Join(", ", header))}.", path) { Key = "error.csv.noLabel", Args = [name, Show(label), Show(string.Join(", ", header))] };
        }
        else if (features is not null && featuresOnly && header.Count == features.Count) labelIndex = -1;
        int[] featureIdx;
        if (features is null) featureIdx = [.. Enumerable.Range(0, header.Count).Where(i => i != labelIndex)];
        else
        {
            var missing = features.Where(f => !header.Contains(f)).ToList();
            if (missing.Count > 0)
                throw new DataException(new ActLab.Kernels.TextKey(missing.Count > 1 ? "error.csv.missingFeatures" : "error.csv.missingFeature", name, Show(string.Join(", ", missing.Select(m => $"'{m}'"))), Show(string.Join(", ", header))), path);
            var featureSet = features.ToHashSet();
            var extra = header.Select((h, i) => (h, i)).Where(t => t.i != labelIndex && !featureSet.Contains(t.h)).Select(t => $"'{t.h}'").ToList();
            if (extra.Count > 0)
                throw new DataException(new ActLab.Kernels.TextKey(extra.Count > 1 ? "error.csv.extraColumns" : "error.csv.extraColumn", name, Show(string.Join(", ", extra)), Show(string.Join(", ", features)), Show(label ?? "")), path);
            featureIdx = [.. features.Select(f => header.IndexOf(f))];
        }

        var spec = new RowSpec(name, header, featureIdx, labelIndex, featuresOnly, regression);
        var (featureRows, labels) = input.Path is { } file && input.Length > parallelBytes && parts > 1
            ? ReadParallel(file, csv.Bytes - csv.Buffered, input.Length.Value, csv.NextLine, spec, progress, parts)
            : ReadRows(csv, spec, progress is null ? null : rows => progress(new CsvProgress(rows, csv.Bytes, input.Length)));
        progress?.Invoke(new CsvProgress(featureRows.Count, input.Length ?? csv.Bytes, input.Length));
        if (featureRows.Count == 0) throw new DataException($"{name}: the file has a header but no data rows.", path) { Key = "error.csv.noRows", Args = [name] };
        string labelName = labelIndex < 0 ? label ?? "" : header[labelIndex];
        var featureNames = featureIdx.Select(i => header[i]).ToArray();
        if (labels is null)
            return new Dataset { FeatureNames = featureNames, LabelName = labelName, Features = [.. featureRows], Targets = new float[featureRows.Count], Classes = [] };

        int rows = featureRows.Count;
        float[] targets;
        string[] classList;
        bool numeric = labels.NonNumeric is null;
        bool inferred = false;
        if (!regression && numeric && classes is null && labels.FirstFraction is { } fraction)
        {
            // Fractions among whole numbers are a typo or a numeric target: never switch the task silently.
            if (2 * labels.Whole >= rows)
                throw ActLab.Core.Localization.Texts.Error("label", fraction.Text, "error.csv.fractionLabel", name, fraction.Line, fraction.Column, Show(fraction.Text), Show(labelName), labels.Whole);
            inferred = true; // mostly fractions: a numeric target
        }
        if (regression || inferred)
        {
            if (labels.NonNumeric is { } bad)
                throw new DataException(new ActLab.Kernels.TextKey("error.csv.target", name, bad.Line, bad.Column, Show(bad.Text)));
            targets = [.. labels.Values!.Select(v => (float)v)];
            classList = [];
        }
        else
        {
            if (labels.Distinct is null)
                throw Localization.Texts.Error("label", labelName, numeric ? "error.csv.labelDistinctNumeric" : "error.csv.labelDistinct", name, Show(labelName), DescribeSource(labelSource), LabelColumn.MaxDistinct);
            var distinct = labels.Distinct;
            // Numeric labels compare as numbers (1, 1.0 and 1e0 are one class) when the class list is numeric too.
            bool numericClasses = numeric && (classes is null || classes.All(c => double.TryParse(c, NumberStyles.Float, CultureInfo.InvariantCulture, out _)));
            classList = classes?.ToArray() ?? (numeric
                ? [.. distinct.Select(d => d.Text).OrderBy(l => double.Parse(l, CultureInfo.InvariantCulture)).Select(Canonical)]
                : [.. distinct.Select(d => d.Text).OrderBy(l => l, StringComparer.Ordinal)]);
            if (numericClasses) classList = [.. classList.Select(Canonical).Distinct()];
            var index = classList.Select((c, i) => (c, i)).ToDictionary(t => t.c, t => t.i);
            var map = new int[distinct.Count];
            var unknown = new List<LabelColumn.Seen>();
            for (int d = 0; d < distinct.Count; d++)
            {
                string key = numericClasses ? Canonical(distinct[d].Text) : distinct[d].Text;
                if (index.TryGetValue(key, out int k)) map[d] = k;
                else { map[d] = -1; unknown.Add(distinct[d]); }
            }
            if (unknown.Count > 0)
            {
                var first = unknown.MinBy(u => (u.Line, u.Column))!;
                var shown = unknown.OrderBy(u => (u.Line, u.Column)).Take(5).Select(u => $"'{u.Text}'").ToList();
                throw new DataException(new ActLab.Kernels.TextKey(shown.Count > 1 ? "error.csv.unknownLabels" : "error.csv.unknownLabel", name, first.Line, first.Column, Show(string.Join(", ", shown)), Show(labelName), Show(string.Join(", ", classList))), path);
            }
            targets = new float[rows];
            for (int r = 0; r < rows; r++) targets[r] = map[labels.Ids[r]];
            if (classes is null && classList.Length < 2)
                throw new DataException($"{name}: column '{labelName}' has only one class ('{Show(classList[0])}'); a classifier needs at least two.") { Key = "error.csv.oneClass", Args = [name, labelName, Show(classList[0])] };
            // Many distinct labels: a numeric target read as classes, or the wrong column taken as the label.
            // Whole numbers only: string labels are classes by nature. A few classes in tiny data (4-row XOR) pass.
            if (classes is null && numeric && (classList.Length > MaxClasses || classList.Length > 10 && classList.Length * 10 > rows))
                throw Localization.Texts.Error("label", labelName, "error.csv.labelWhole", name, Show(labelName), DescribeSource(labelSource), classList.Length, rows, MaxClasses);
        }
        return new Dataset
        {
            FeatureNames = featureNames,
            LabelName = labelName,
            Features = [.. featureRows],
            Targets = targets,
            Classes = classList,
            LabelSource = labelSource,
        };
    }

    /// <summary>A regular file larger than this is read in parallel parts (one per core) when it has no quote and no
    /// bare carriage return: then every line is a row, so parts can start at line starts.</summary>
    public const long ParallelBytes = 16L << 20;

    private sealed record RowSpec(string Name, List<string> Header, int[] FeatureIdx, int LabelIndex, bool FeaturesOnly, bool Regression);

    // The data rows from the scanner's position to its end (or the end of its part).
    private static (List<float[]> Rows, LabelColumn? Labels) ReadRows(CsvScanner csv, RowSpec spec, Action<int>? progress)
    {
        var (name, header, featureIdx, labelIndex, featuresOnly, regression) = spec;
        var featureRows = new List<float[]>();
        var labels = featuresOnly || labelIndex < 0 ? null : new LabelColumn(regression);
        int columns = header.Count;
        while (csv.Next())
        {
            if (csv.Count != columns)
                throw new DataException($"{name}:{csv.RowLine}: {csv.Count} cells, but the header has {columns} columns.") { Key = "error.csv.cells", Args = [name, csv.RowLine, csv.Count, columns] };
            var f = new float[featureIdx.Length];
            for (int j = 0; j < featureIdx.Length; j++)
            {
                var cell = csv.Cell(featureIdx[j]);
                if (!CsvScanner.TryParseNumber(cell, out double v))
                    throw new DataException(new ActLab.Kernels.TextKey("error.csv.cellNotNumber", name, csv.RowLine, csv.Column(featureIdx[j]), Show(csv.Text(featureIdx[j])), Show(header[featureIdx[j]])))
                    {
                        Key = "error.csv.notNumber", Args = [$"{name}:{csv.RowLine}:{csv.Column(featureIdx[j])}", Show(csv.Text(featureIdx[j])), Show(header[featureIdx[j]])],
                    };
                float x = (float)v;
                if (!float.IsFinite(x))
                    throw new DataException(new ActLab.Kernels.TextKey("error.csv.cellNotFinite", name, csv.RowLine, csv.Column(featureIdx[j]), Show(csv.Text(featureIdx[j])), Show(header[featureIdx[j]])))
                    {
                        Key = "error.csv.notFinite", Args = [$"{name}:{csv.RowLine}:{csv.Column(featureIdx[j])}", Show(csv.Text(featureIdx[j])), Show(header[featureIdx[j]])],
                    };
                f[j] = x;
            }
            featureRows.Add(f);
            if (labels is not null)
            {
                if (csv.Cell(labelIndex).IsEmpty) throw new DataException($"{name}:{csv.RowLine}:{csv.Column(labelIndex)}: the label is empty.", name) { Key = "error.csv.emptyLabel", Args = [$"{name}:{csv.RowLine}:{csv.Column(labelIndex)}"] };
                labels.Add(csv, labelIndex);
            }
            if ((featureRows.Count & 16383) == 0) progress?.Invoke(featureRows.Count);
        }
        return (featureRows, labels);
    }

    // Parts of a large regular file read on every core. A first pass over each part (the file is in the page cache
    // after it) counts its lines and looks for quotes and bare carriage returns; with none, every line is a row and
    // the parts are read in parallel, each starting at a line start with its first line number known, and joined in
    // order, so rows, labels and the first error are those of a sequential read. With any, one sequential read.
    private static (List<float[]> Rows, LabelColumn? Labels) ReadParallel(string file, long dataStart, long length, int firstLine, RowSpec spec, Action<CsvProgress>? progress, int parts)
    {
        var bounds = new long[parts + 1];
        bounds[0] = dataStart;
        bounds[parts] = length;
        using (var fs = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.Read, 1))
        {
            var probe = new byte[1 << 16];
            for (int k = 1; k < parts; k++)
            {
                long at = Math.Max(bounds[k - 1], dataStart + (length - dataStart) * k / parts);
                fs.Position = at;
                int n = fs.Read(probe);
                int nl = probe.AsSpan(0, n).IndexOf((byte)'\n');
                bounds[k] = nl < 0 ? length : at + nl + 1; // a line of over 64 KiB: this part starts at the end (is empty)
            }
        }
        var lines = new long[parts];
        var simple = new bool[parts];
        Parallel.For(0, parts, k =>
        {
            using var fs = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.Read, 1);
            fs.Position = bounds[k];
            var buffer = new byte[1 << 20];
            long left = bounds[k + 1] - bounds[k], count = 0;
            bool ok = true;
            while (left > 0 && ok)
            {
                int n = fs.Read(buffer, 0, (int)Math.Min(buffer.Length, left));
                if (n == 0) break;
                var span = buffer.AsSpan(0, n);
                ok = !span.ContainsAny((byte)'"', (byte)'\r');
                count += span.Count((byte)'\n');
                left -= n;
            }
            lines[k] = count;
            simple[k] = ok;
        });
        if (!simple.All(x => x))
        {
            using var fs = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.Read, 1);
            fs.Position = dataStart;
            var csv = new CsvScanner(fs, spec.Name, firstLine);
            return ReadRows(csv, spec, progress is null ? null : rows => progress(new CsvProgress(rows, dataStart + csv.Bytes, length)));
        }
        var results = new (List<float[]> Rows, LabelColumn? Labels)[parts];
        var errors = new Exception?[parts];
        int done = 0;
        var tasks = Enumerable.Range(0, parts).Select(k => Task.Run(() =>
        {
            try
            {
                using var fs = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.Read, 1);
                fs.Position = bounds[k];
                int line = firstLine + (int)lines.Take(k).Sum();
                var csv = new CsvScanner(new Slice(fs, bounds[k + 1] - bounds[k]), spec.Name, line);
                results[k] = ReadRows(csv, spec, _ => Interlocked.Add(ref done, 16384));
            }
            catch (Exception e) { errors[k] = e; }
        })).ToArray();
        while (!Task.WaitAll(tasks, 100)) progress?.Invoke(new CsvProgress(Volatile.Read(ref done), (long)(length * Math.Min(1.0, (double)Volatile.Read(ref done) / Math.Max(1, lines.Sum()))), length));
        if (errors.FirstOrDefault(e => e is not null) is { } first) System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(first).Throw();
        var rows = new List<float[]>(results.Sum(r => r.Rows.Count));
        LabelColumn? labels = null;
        foreach (var r in results)
        {
            rows.AddRange(r.Rows);
            if (r.Labels is null) continue;
            if (labels is null) labels = r.Labels;
            else labels.Append(r.Labels);
        }
        return (rows, labels);
    }

    /// <summary>The next <c>length</c> bytes of a stream.</summary>
    private sealed class Slice(Stream inner, long length) : Stream
    {
        private long _left = length;
        public override int Read(byte[] buffer, int offset, int count)
        {
            int n = inner.Read(buffer, offset, (int)Math.Min(count, _left));
            _left -= n;
            return n;
        }
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }

    /// <summary>The label column as it is read: distinct values (with where each first appears) and a numeric value
    /// per row, without a string per row.</summary>
    private sealed class LabelColumn
    {
        public const int MaxDistinct = 65_536;
        public sealed record Seen(string Text, int Line, int Column);

        private readonly Dictionary<string, int> _ids = [];
        private readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> _lookup;
        private char[] _chars = new char[64];
        public List<Seen>? Distinct { get; private set; }
        public List<int> Ids { get; } = [];
        public List<double>? Values { get; private set; } = [];
        public Seen? NonNumeric { get; private set; }
        public Seen? FirstFraction { get; private set; }
        public int Whole { get; private set; }

        /// <summary>Appends the labels of a later part of the file, as if they had been added here in order.</summary>
        public void Append(LabelColumn later)
        {
            if (Distinct is not null && later.Distinct is not null)
            {
                var map = new int[later.Distinct.Count];
                for (int d = 0; d < later.Distinct.Count && Distinct is not null; d++)
                {
                    var seen = later.Distinct[d];
                    if (_ids.TryGetValue(seen.Text, out int id)) { map[d] = id; continue; }
                    if (Distinct.Count == MaxDistinct) { Distinct = null; Ids.Clear(); break; }
                    map[d] = Distinct.Count;
                    _ids.Add(seen.Text, Distinct.Count);
                    Distinct.Add(seen);
                }
                if (Distinct is not null) foreach (int id in later.Ids) Ids.Add(map[id]);
            }
            else if (Distinct is not null) { Distinct = null; Ids.Clear(); }
            Whole += later.Whole;
            FirstFraction ??= later.FirstFraction;
            if (NonNumeric is not null) return;
            if (later.NonNumeric is not null) { NonNumeric = later.NonNumeric; Values = null; }
            else Values!.AddRange(later.Values!);
        }

        public LabelColumn(bool regression)
        {
            Distinct = regression ? null : [];
            _lookup = _ids.GetAlternateLookup<ReadOnlySpan<char>>();
        }

        public void Add(CsvScanner csv, int index)
        {
            var cell = csv.Cell(index);
            int line = csv.RowLine;
            if (Distinct is not null)
            {
                if (_chars.Length < cell.Length) _chars = new char[cell.Length * 2];
                int n = Encoding.UTF8.GetChars(cell, _chars);
                var text = _chars.AsSpan(0, n);
                if (!_lookup.TryGetValue(text, out int id))
                {
                    if (Distinct.Count == MaxDistinct) { Distinct = null; Ids.Clear(); }
                    else
                    {
                        id = Distinct.Count;
                        string s = text.ToString();
                        _ids.Add(s, id);
                        Distinct.Add(new Seen(s, line, csv.Column(index)));
                    }
                }
                if (Distinct is not null) Ids.Add(id);
            }
            if (NonNumeric is not null) return;
            if (CsvScanner.TryParseNumber(cell, out double v) && double.IsFinite(v))
            {
                Values!.Add(v);
                if (v % 1 == 0) Whole++;
                else FirstFraction ??= new Seen(Encoding.UTF8.GetString(cell), line, csv.Column(index));
            }
            else
            {
                NonNumeric = new Seen(Encoding.UTF8.GetString(cell), line, csv.Column(index));
                Values = null;
            }
        }
    }

    /// <summary>The largest CSV input read (2 GiB; the float32 table built from it can be up to twice that).</summary>
    public const long MaxBytes = 2L << 30;

    /// <summary>Column names taken as the label when none is given (case-insensitive), if exactly one column has one.</summary>
    public static readonly string[] LabelNames = ["label", "target", "class", "y"];

    /// <summary>The most distinct labels read as classes without being told the task.</summary>
    public const int MaxClasses = 50;

    private static ActLab.Kernels.TextKey DescribeSource(LabelSource s) => new(s switch
    {
        LabelSource.Given => "csv.labelSource.given",
        LabelSource.Name => "csv.labelSource.name",
        _ => "csv.labelSource.last",
    });

    private static string Show(string s) => ActLab.Kernels.InputException.Show(s);

    // -0 and 0 are one class; 1, 1.0 and 1e0 are one class.
    private static string Canonical(string numeric) => (double.Parse(numeric, CultureInfo.InvariantCulture) + 0.0).ToString("R", CultureInfo.InvariantCulture);

}
