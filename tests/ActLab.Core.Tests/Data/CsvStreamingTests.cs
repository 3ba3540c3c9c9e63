using System.Globalization;
using System.Text;
using ActLab.Core.Data;
using CsCheck;

namespace ActLab.Core.Tests.Data;

/// <summary>The one-pass reader: the same table whatever the chunks the bytes arrive in, numbers exactly as
/// double.Parse reads them, and FIFOs read once.</summary>
public class CsvStreamingTests
{
    /// <summary>A pipe at its slowest: at most <paramref name="chunk"/> bytes per read.</summary>
    private sealed class Trickle(byte[] bytes, int chunk) : Stream
    {
        private int _at;
        public override int Read(byte[] buffer, int offset, int count)
        {
            int n = Math.Min(Math.Min(count, chunk), bytes.Length - _at);
            Array.Copy(bytes, _at, buffer, offset, n);
            _at += n;
            return n;
        }
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => _at; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }

    private static Dataset Read(string text, int chunk) =>
        CsvTable.Read(new TextInput(new Trickle(Encoding.UTF8.GetBytes(text), chunk), "t.csv", null));

    private static string Describe(Dataset d) =>
        string.Join("|", d.FeatureNames) + "/" + string.Join("|", d.Classes) + "/" +
        string.Join(";", d.Features.Select((f, i) => string.Join(",", f.Select(v => v.ToString("R", CultureInfo.InvariantCulture))) + ":" + d.Targets[i].ToString("R", CultureInfo.InvariantCulture)));

    private static string Error(Func<Dataset> read)
    {
        try { read(); return "(no error)"; }
        catch (ActLab.Kernels.InputException e) { return e.Message; }
    }

    [Fact]
    public void Rows_split_across_reads_give_the_same_table_and_the_same_errors()
    {
        // Quoted fields with commas, escaped quotes and newlines, CRLF, a lone CR, blank lines, a BOM, non-ASCII.
        var cell = Gen.OneOf(
            Gen.Int[-999, 999].Select(i => i.ToString(CultureInfo.InvariantCulture)),
            Gen.Double[-1e6, 1e6].Select(d => d.ToString("R", CultureInfo.InvariantCulture)),
            Gen.Int[0, 99].Select(i => $"\"{i}\""),
            Gen.Int[0, 99].Select(i => $" {i}\t"));
        var lineEnd = Gen.Int[0, 3].Select(i => new[] { "\n", "\r\n", "\r", "\n\n" }[i]);
        var gen = Gen.Select(cell.Array[3].Array[1, 30], lineEnd.Array[30], Gen.Bool, Gen.Int[1, 7]);
        gen.Sample((rows, ends, bom, chunk) =>
        {
            var sb = new StringBuilder(bom ? "\uFEFF" : "");
            sb.Append("\"a, the first\",b\u00e9,\"say \"\"c\"\"\",label\n");
            for (int r = 0; r < rows.Length; r++) sb.Append(string.Join(",", rows[r])).Append(',').Append(r % 2).Append(ends[r]);
            string text = sb.ToString();
            string whole = Error(() => Read(text, int.MaxValue)) is "(no error)" ? Describe(Read(text, int.MaxValue)) : Error(() => Read(text, int.MaxValue));
            string trickled = Error(() => Read(text, chunk)) is "(no error)" ? Describe(Read(text, chunk)) : Error(() => Read(text, chunk));
            Assert.Equal(whole, trickled);
        }, iter: 300);
    }

    [Theory]
    [InlineData("a,b,label\n\"0\" ,1,0\n1,1,1\n2,x,0\n", "t.csv:4:3: 'x' in column 'b' is not a number")]
    [InlineData("a,b,label\n1,0,\"multi\nline\"\n1,x,1\n", "t.csv:4:3: 'x' in column 'b' is not a number")]
    [InlineData("a,b,label\n1,\"2,0\n", "t.csv:2:3: a quoted field is not closed")]
    [InlineData("a,b,label\n1.0\0,1,0\n", "t.csv:2:4: a control character (\\0) is not CSV text")]
    [InlineData("a,b,label\n\"0\"x,1,0\n", "t.csv:2:4: 'x' follows a closing quote")]
    [InlineData("a,b,label\n1,2\n", "t.csv:2: 2 cells, but the header has 3 columns")]
    // Columns count characters, not bytes: 'é' is two bytes in UTF-8 but one column.
    [InlineData("label,a\né,x\n", "t.csv:2:3: 'x' in column 'a' is not a number")]
    [InlineData("label,a,b\néé,1,x\n", "t.csv:2:6: 'x' in column 'b' is not a number")]
    public void Errors_point_at_the_cell_even_when_it_arrives_a_byte_at_a_time(string csv, string expected)
    {
        Assert.Contains(expected, Error(() => Read(csv, int.MaxValue)));
        Assert.Contains(expected, Error(() => Read(csv, 1)));
    }

    [Fact]
    public void The_fast_number_path_reads_exactly_what_double_parse_reads()
    {
        Gen.Select(Gen.Long[-999_999_999_999_999, 999_999_999_999_999], Gen.Int[0, 15], Gen.Bool).Sample((mantissa, scale, plus) =>
        {
            string digits = Math.Abs(mantissa).ToString(CultureInfo.InvariantCulture).PadLeft(scale + 1, '0');
            string text = (mantissa < 0 ? "-" : plus ? "+" : "") + (scale == 0 ? digits : digits[..^scale] + "." + digits[^scale..]);
            Assert.True(CsvScanner.TryParseNumber(Encoding.ASCII.GetBytes(text), out double fast));
            Assert.Equal(double.Parse(text, CultureInfo.InvariantCulture), fast);
        }, iter: 20_000);
        foreach (var text in new[] { "1e3", ".5", "5.", "-0", "0.1000000000000000055511151231257827", "12345678901234567890", "1_0", "", "-", ".", "1.2.3", "NaN", "Infinity", "0x10" })
        {
            bool expected = double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double d);
            Assert.Equal(expected, CsvScanner.TryParseNumber(Encoding.ASCII.GetBytes(text), out double f));
            if (expected) Assert.Equal(d, f);
        }
    }

    [Fact]
    public async Task A_fifo_is_read_once_and_a_device_is_refused()
    {
        string dir = Directory.CreateTempSubdirectory("actlab-fifo-").FullName;
        string fifo = Path.Combine(dir, "data.csv");
        var mk = System.Diagnostics.Process.Start("mkfifo", fifo);
        mk.WaitForExit();
        Assert.Equal(0, mk.ExitCode);
        var writer = Task.Run(() => File.WriteAllText(fifo, "a,b,label\n1,2,0\n3,4,1\n"));
        var d = CsvTable.Read(fifo);
        await writer.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(2, d.Count);
        Assert.Equal([3f, 4f], d.Features[1]);
        Assert.Contains("not a regular file", Error(() => CsvTable.Read("/dev/zero")));
    }

    [Fact]
    public void Labels_are_interned_and_many_distinct_labels_are_refused_without_a_string_per_row()
    {
        var sb = new StringBuilder("x,label\n");
        for (int i = 0; i < 70_000; i++) sb.Append(i).Append(',').Append("k").Append(i).Append('\n');
        Assert.Contains("more than 65,536 distinct values, too many to be classes", Error(() => Read(sb.ToString(), int.MaxValue)));
        var r = Read("x,y\n1,0.5\n2,1.5\n3,2.25\n", 2);
        Assert.True(r.IsRegression);
        Assert.Equal([0.5f, 1.5f, 2.25f], r.Targets);
    }
}

public class CsvParallelTests
{
    private static string Read(string path, int parts)
    {
        try
        {
            using var input = TextFiles.Open(path, CsvTable.MaxBytes);
            var d = CsvTable.Read(input, null, false, null, false, null, null, parallelBytes: 0, parts);
            return string.Join("|", d.Classes) + "/" + string.Join(";", d.Features.Select((f, i) => string.Join(",", f) + ":" + d.Targets[i]));
        }
        catch (ActLab.Kernels.InputException e) { return "error: " + e.Message; }
    }

    [Theory]
    [InlineData("")]                                         // clean: read in parts
    [InlineData("\n")]                                       // blank lines: line numbers still right
    [InlineData("\"q\"")]                                    // a quote somewhere: one sequential read
    public void Parts_give_the_same_table_and_the_same_first_error_as_one_read(string twist)
    {
        var random = new System.Random(9);
        string dir = Directory.CreateTempSubdirectory("actlab-parts-").FullName;
        foreach (bool bad in new[] { false, true })
        {
            var sb = new System.Text.StringBuilder("label,a,b\n");
            for (int i = 0; i < 3000; i++)
            {
                if (twist == "\n" && i % 97 == 0) sb.Append('\n');
                string a = bad && i == 2222 ? "x" : random.Next(1000).ToString(System.Globalization.CultureInfo.InvariantCulture);
                sb.Append(twist == "\"q\"" && i == 10 ? "\"k3\"" : "k" + (i % 3)).Append(',').Append(a).Append(',').Append(random.NextDouble().ToString("R", System.Globalization.CultureInfo.InvariantCulture)).Append('\n');
            }
            string path = Path.Combine(dir, $"p{bad}.csv");
            File.WriteAllText(path, sb.ToString());
            string one = Read(path, 1);
            Assert.Equal(one, Read(path, 2));
            Assert.Equal(one, Read(path, 7));
            if (bad) Assert.StartsWith("error: ", one); // and the parts found the same cell, line and column
        }
    }
}
