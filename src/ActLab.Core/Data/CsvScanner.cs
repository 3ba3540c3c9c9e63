using System.Buffers;
using System.Globalization;
using System.Text;
using ActLab.Kernels;

namespace ActLab.Core.Data;

/// <summary>
/// One pass over CSV bytes (RFC 4180: commas, double-quoted fields with <c>""</c> escapes and embedded newlines, \n,
/// \r\n or \r line ends, blank lines skipped), a row at a time, without a string per cell: the cells of the current
/// row are spans into a 1 MiB buffer that is refilled between rows. Every cell knows its line and column (columns
/// count characters, not bytes), so errors point at the exact cell.
/// </summary>
/// <remarks>Control characters other than tab are refused where they are (.NET would read <c>1.0\0</c> as 1.0); only
/// spaces may follow a closing quote before the separator.</remarks>
internal sealed class CsvScanner(Stream stream, string name)
{
    private static readonly SearchValues<byte> Stops = SearchValues.Create([.. Enumerable.Range(0, 32).Where(b => b != '\t').Select(b => (byte)b), (byte)',', 0x7f]);
    private const int MaxRowBytes = 256 << 20;

    private byte[] _buf = new byte[1 << 20];
    private int _pos, _end;
    private bool _eof, _started;
    private int _line = 1;
    private byte[] _scratch = new byte[1024];
    private int _scratchLen;
    private int[] _start = new int[64], _len = new int[64], _col = new int[64];
    private bool[] _quoted = new bool[64];

    /// <summary>The line the current row starts on.</summary>
    public int RowLine { get; private set; }
    /// <summary>Cells in the current row.</summary>
    public int Count { get; private set; }
    /// <summary>Bytes consumed so far.</summary>
    public long Bytes { get; private set; }

    /// <summary>The 1-based column (in characters) where cell <paramref name="i"/> starts.</summary>
    public int Column(int i) => _col[i];

    /// <summary>Cell <paramref name="i"/> of the current row, trimmed of spaces and tabs, quotes removed.</summary>
    public ReadOnlySpan<byte> Cell(int i) => _quoted[i] ? _scratch.AsSpan(_start[i], _len[i]) : _buf.AsSpan(_start[i], _len[i]);

    /// <summary>Cell <paramref name="i"/> as text.</summary>
    public string Text(int i) => Encoding.UTF8.GetString(Cell(i));

    /// <summary>Moves to the next non-blank row; false at the end of the input.</summary>
    public bool Next()
    {
        while (true)
        {
            if (!_started)
            {
                // A byte-order mark may arrive over several reads of a pipe.
                while (_end < 3 && !_eof) Fill();
                _started = true;
                if (_end >= 3 && _buf[0] == 0xEF && _buf[1] == 0xBB && _buf[2] == 0xBF) _pos = 3;
            }
            if (_pos >= _end && _eof) return false;
            if (TryRow(out bool blank))
            {
                if (blank) continue;
                return true;
            }
            Fill();
        }
    }

    private void Fill()
    {
        if (_pos > 0)
        {
            Buffer.BlockCopy(_buf, _pos, _buf, 0, _end - _pos);
            _end -= _pos; _pos = 0;
        }
        if (_end == _buf.Length)
        {
            if (_buf.Length >= MaxRowBytes)
                throw new DataException(string.Create(CultureInfo.InvariantCulture, $"{name}:{_line}: a row of more than {MaxRowBytes >> 20} MiB; is this a CSV file?"), name);
            Array.Resize(ref _buf, _buf.Length * 2);
        }
        int n;
        try { n = stream.Read(_buf, _end, _buf.Length - _end); }
        catch (IOException e) { throw new DataException($"{name}: cannot read ({e.Message}).", name); }
        if (n == 0) _eof = true;
        _end += n;
        Bytes += n;
    }

    // Parses a row from _pos; false (nothing committed) when the buffer ends before the row does and more input may come.
    private bool TryRow(out bool blank)
    {
        blank = false;
        var buf = _buf;
        int i = _pos, end = _end, line = _line, col = 1, count = 0;
        _scratchLen = 0;
        while (true)
        {
            int startCol = col, cellStart, cellLen;
            bool quoted = i < end && buf[i] == '"';
            if (quoted)
            {
                i++; col++;
                cellStart = _scratchLen;
                while (true)
                {
                    if (i >= end)
                    {
                        if (!_eof) return false;
                        throw new DataException($"{name}:{_line}:{startCol}: a quoted field is not closed.", name);
                    }
                    byte b = buf[i];
                    if (b == '"')
                    {
                        if (i + 1 >= end && !_eof) return false;
                        if (i + 1 < end && buf[i + 1] == '"') { Append((byte)'"'); i += 2; col += 2; continue; }
                        i++; col++;
                        break;
                    }
                    if (b == '\n') { line++; col = 1; }
                    else
                    {
                        if (b != '\r') Control(b, line, col);
                        if ((b & 0xC0) != 0x80) col++;
                    }
                    Append(b);
                    i++;
                }
                while (i < end && buf[i] is (byte)' ' or (byte)'\t') { i++; col++; }
                if (i >= end && !_eof) return false;
                if (i < end && buf[i] is not ((byte)',' or (byte)'\r' or (byte)'\n'))
                    throw new DataException($"{name}:{line}:{col}: '{InputException.Show(Encoding.UTF8.GetString(buf, i, Math.Min(4, end - i))[..1])}' follows a closing quote; a quoted field ends at the quote (write \"\" for a quote inside it).", name);
                cellLen = _scratchLen - cellStart;
                Trim(_scratch, ref cellStart, ref cellLen);
            }
            else
            {
                int k = buf.AsSpan(i, end - i).IndexOfAny(Stops);
                if (k < 0 && !_eof) return false;
                int j = k < 0 ? end : i + k;
                cellStart = i; cellLen = j - i;
                var span = buf.AsSpan(i, cellLen);
                col += Ascii.IsValid(span) ? cellLen : Characters(span);
                if (j < end && buf[j] is not ((byte)',' or (byte)'\r' or (byte)'\n')) Control(buf[j], line, col);
                i = j;
                Trim(buf, ref cellStart, ref cellLen);
            }
            if (count == _start.Length) Grow();
            _start[count] = cellStart; _len[count] = cellLen; _col[count] = startCol; _quoted[count] = quoted;
            count++;
            if (i < end && buf[i] == ',') { i++; col++; continue; }
            if (i < end && buf[i] == '\r')
            {
                i++;
                if (i >= end && !_eof) return false;
            }
            if (i < end && buf[i] == '\n') i++;
            break;
        }
        RowLine = _line;
        Count = count;
        _pos = i;
        _line = line + 1;
        blank = count == 1 && _len[0] == 0;
        return true;
    }

    private void Control(byte b, int line, int col)
    {
        if (b < 32 && b != '\t' || b == 0x7f)
            throw new DataException($"{name}:{line}:{col}: a control character ({InputException.Show(((char)b).ToString())}) is not CSV text; is this a binary file?", name);
    }

    private void Append(byte b)
    {
        if (_scratchLen == _scratch.Length) Array.Resize(ref _scratch, _scratch.Length * 2);
        _scratch[_scratchLen++] = b;
    }

    private void Grow()
    {
        int n = _start.Length * 2;
        Array.Resize(ref _start, n); Array.Resize(ref _len, n); Array.Resize(ref _col, n); Array.Resize(ref _quoted, n);
    }

    private static void Trim(byte[] b, ref int start, ref int len)
    {
        while (len > 0 && b[start] is (byte)' ' or (byte)'\t') { start++; len--; }
        while (len > 0 && b[start + len - 1] is (byte)' ' or (byte)'\t') len--;
    }

    private static int Characters(ReadOnlySpan<byte> utf8)
    {
        int n = 0;
        foreach (byte b in utf8) if ((b & 0xC0) != 0x80) n++;
        return n;
    }

    private static readonly double[] Pow10 = [1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15];

    /// <summary>Parses a number as <see cref="double.TryParse(ReadOnlySpan{byte}, NumberStyles, IFormatProvider, out double)"/>
    /// does (the same correctly rounded value), with a fast path for plain decimals of up to 15 digits: the mantissa
    /// and the power of ten are exact doubles, so one division rounds once, correctly.</summary>
    public static bool TryParseNumber(ReadOnlySpan<byte> s, out double value)
    {
        int i = 0;
        bool negative = false;
        if (s.Length > 0 && s[0] is (byte)'-' or (byte)'+') { negative = s[0] == '-'; i = 1; }
        long mantissa = 0;
        int digits = 0, fraction = 0;
        bool dot = false;
        for (; i < s.Length; i++)
        {
            uint d = (uint)(s[i] - '0');
            if (d <= 9) { mantissa = mantissa * 10 + d; digits++; if (dot) fraction++; }
            else if (s[i] == '.' && !dot) dot = true;
            else return double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out value);
            if (digits > 15) return double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out value);
        }
        if (digits == 0) return double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out value);
        value = fraction == 0 ? mantissa : mantissa / Pow10[fraction];
        if (negative) value = -value;
        return true;
    }
}
