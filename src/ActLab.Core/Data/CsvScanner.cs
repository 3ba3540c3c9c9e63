using System.Buffers;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
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
internal sealed class CsvScanner(Stream stream, string name, int firstLine = 1)
{
    // 1: ends an unquoted cell (a comma, a line end, or a control character to refuse); 2: part of a multi-byte
    // UTF-8 character (columns count characters); 0: anything else.
    private static readonly byte[] Class = [.. Enumerable.Range(0, 256).Select(b => (byte)(b < 32 && b != '\t' || b == ',' || b == 0x7f ? 1 : b >= 0x80 ? 2 : 0))];
    private const int MaxRowBytes = 256 << 20;

    private byte[] _buf = new byte[1 << 20];
    private int _pos, _end;
    private bool _eof, _started;
    private int _line = firstLine;
    private byte[] _scratch = new byte[1024];
    private int _scratchLen;
    private int[] _start = new int[64], _len = new int[64], _col = new int[64];
    private bool[] _quoted = new bool[64];
    private bool _simple;   // the current row took the simple path: no quotes, ASCII, columns found on demand
    private int _rowStart;

    /// <summary>The line the current row starts on.</summary>
    public int RowLine { get; private set; }
    /// <summary>Cells in the current row.</summary>
    public int Count { get; private set; }
    /// <summary>Bytes read from the stream so far.</summary>
    public long Bytes { get; private set; }

    /// <summary>The line the next row starts on.</summary>
    public int NextLine => _line;

    /// <summary>Bytes read but not yet consumed (after the current row).</summary>
    public long Buffered => _end - _pos;

    /// <summary>The 1-based column (in characters) where cell <paramref name="i"/> starts.</summary>
    public int Column(int i)
    {
        if (!_simple) return _col[i];
        // A simple row is ASCII: the column is the byte offset of the cell's raw start (after the i-th comma).
        int offset = 0;
        for (int c = 0; c < i; c++) offset = Array.IndexOf(_buf, (byte)',', _rowStart + offset) - _rowStart + 1;
        return offset + 1;
    }

    /// <summary>Cell <paramref name="i"/> of the current row, trimmed of spaces and tabs, quotes removed.</summary>
    public ReadOnlySpan<byte> Cell(int i) => !_simple && _quoted[i] ? _scratch.AsSpan(_start[i], _len[i]) : _buf.AsSpan(_start[i], _len[i]);

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
                throw new DataException(new ActLab.Kernels.TextKey("error.csv.longRow", name, _line, MaxRowBytes >> 20), name);
            Array.Resize(ref _buf, _buf.Length * 2);
        }
        int n;
        try { n = stream.Read(_buf, _end, _buf.Length - _end); }
        catch (IOException e) { throw new DataException(new ActLab.Kernels.TextKey("error.file.cannotRead", name, e.Message), name); }
        if (n == 0) _eof = true;
        _end += n;
        Bytes += n;
    }

    // Parses a row from _pos; false (nothing committed) when the buffer ends before the row does and more input may come.
    private bool TryRow(out bool blank)
    {
        blank = false;
        if (TrySimpleRow(out bool done, out blank)) return done;
        _simple = false;
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
                        throw new DataException(new ActLab.Kernels.TextKey("error.csv.openQuote", name, _line, startCol), name);
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
                    throw new DataException(new ActLab.Kernels.TextKey("error.csv.afterQuote", name, line, col, InputException.Show(Encoding.UTF8.GetString(buf, i, Math.Min(4, end - i))[..1])), name);
                cellLen = _scratchLen - cellStart;
                Trim(_scratch, ref cellStart, ref cellLen);
            }
            else
            {
                // A byte loop with a class table: cells are short (a pixel is 1–3 bytes), where a vectorised search
                // costs more to set up than it saves.
                int j = i, nonAscii = 0;
                while (j < end)
                {
                    byte c = Class[buf[j]];
                    if (c == 1) break;
                    nonAscii |= c;
                    j++;
                }
                if (j == end && !_eof) return false;
                cellStart = i; cellLen = j - i;
                col += nonAscii == 0 ? cellLen : Characters(buf.AsSpan(i, cellLen));
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

    private static readonly SearchValues<byte> RowEnds = SearchValues.Create("\n\r\""u8);
    private static readonly SearchValues<byte> Refused = SearchValues.Create([.. Enumerable.Range(0, 32).Where(b => b != '\t').Select(b => (byte)b), (byte)0x7f]);

    // The common row, handled in a few vectorised passes: no quote before its line end, ASCII only, no control
    // character. Its cells are split at commas by a plain byte loop and their columns are their byte offsets.
    // Returns false (and commits nothing) for any other row, which the general parser then takes.
    private bool TrySimpleRow(out bool done, out bool blank)
    {
        done = false; blank = false;
        var buf = _buf;
        int i = _pos;
        var rest = buf.AsSpan(i, _end - i);
        int k = rest.IndexOfAny(RowEnds);
        if (k < 0 ? !_eof : buf[i + k] == '"') return false;
        int rowEnd = k < 0 ? _end : i + k;
        var row = buf.AsSpan(i, rowEnd - i);
        if (row.ContainsAny(Refused) || !Ascii.IsValid(row)) return false;
        int next = rowEnd;
        if (next < _end && buf[next] == '\r')
        {
            next++;
            if (next >= _end && !_eof) { done = false; return true; } // need more input to know whether \n follows
        }
        if (next < _end && buf[next] == '\n') next++;
        // Commas are found 32 bytes at a time (a compare, a bit mask, one trailing-zero count per cell): cells of one
        // to three bytes make a byte loop's branches unpredictable. A cell's column is found again only for an error.
        int count = 0, start = 0, length = row.Length, j = 0;
        ref byte r0 = ref MemoryMarshal.GetReference(row);
        // Size the arrays once for the row's cells (its commas + 1), then store without checks.
        int cells = row.Count((byte)',') + 1;
        if (_start.Length < cells) GrowTo(Math.Max(cells, 2 * _start.Length));
        var starts = _start;
        var lengths = _len;
        bool padded = false; // a cell starts or ends with a space or tab: trimmed after the split
        if (Vector256.IsHardwareAccelerated)
        {
            var comma = Vector256.Create((byte)',');
            for (; j + 32 <= length; j += 32)
            {
                uint mask = Vector256.ExtractMostSignificantBits(Vector256.Equals(Vector256.LoadUnsafe(ref r0, (nuint)j), comma));
                while (mask != 0)
                {
                    int p = j + BitOperations.TrailingZeroCount(mask);
                    starts[count] = start; lengths[count] = p - start; count++;
                    start = p + 1;
                    mask &= mask - 1;
                }
            }
        }
        for (; j < length; j++)
            if (Unsafe.Add(ref r0, j) == (byte)',') { starts[count] = start; lengths[count] = j - start; count++; start = j + 1; }
        starts[count] = start; lengths[count] = length - start; count++;
        padded = row.ContainsAny((byte)' ', (byte)'\t');
        for (int c = 0; c < count; c++)
        {
            int cs = starts[c] + i, cl = lengths[c];
            if (padded) Trim(buf, ref cs, ref cl);
            starts[c] = cs; lengths[c] = cl;
        }
        _simple = true;
        _rowStart = i;
        RowLine = _line;
        Count = count;
        _pos = next;
        _line++;
        blank = count == 1 && _len[0] == 0;
        done = true;
        return true;
    }

    private void Control(byte b, int line, int col)
    {
        if (b < 32 && b != '\t' || b == 0x7f)
            throw new DataException(new ActLab.Kernels.TextKey("error.csv.control", name, line, col, InputException.Show(((char)b).ToString())), name);
    }

    private void Append(byte b)
    {
        if (_scratchLen == _scratch.Length) Array.Resize(ref _scratch, _scratch.Length * 2);
        _scratch[_scratchLen++] = b;
    }

    private void Grow() => GrowTo(_start.Length * 2);

    private void GrowTo(int n)
    {
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
        // One to three digits (a pixel, a class): no loop.
        if (s.Length is > 0 and <= 3)
        {
            uint d0 = (uint)(s[0] - '0');
            if (d0 <= 9)
            {
                if (s.Length == 1) { value = d0; return true; }
                uint d1 = (uint)(s[1] - '0');
                if (d1 <= 9)
                {
                    if (s.Length == 2) { value = d0 * 10 + d1; return true; }
                    uint d2 = (uint)(s[2] - '0');
                    if (d2 <= 9) { value = d0 * 100 + d1 * 10 + d2; return true; }
                }
            }
        }
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
