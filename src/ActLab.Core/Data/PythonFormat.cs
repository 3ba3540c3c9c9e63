using System.Globalization;

namespace ActLab.Core.Data;

/// <summary>Numbers written as Python's <c>repr(float)</c> writes them (what pandas' <c>to_csv</c> emits): the shortest
/// text that reads back as the same double, 'e' notation below 1e-4 and from 1e16, and ".0" on whole numbers.</summary>
internal static class PythonFormat
{
    /// <summary>repr(v) for a Python float.</summary>
    public static string Repr(double v)
    {
        if (double.IsNaN(v)) return "nan";
        if (double.IsInfinity(v)) return v > 0 ? "inf" : "-inf";
        double a = Math.Abs(v);
        string s;
        if (a != 0 && (a < 1e-4 || a >= 1e16))
        {
            // Python: mantissa digits, 'e', sign, at least two exponent digits (1e-05, 1.5e+16).
            s = v.ToString("E16", CultureInfo.InvariantCulture);
            string shortest = v.ToString("R", CultureInfo.InvariantCulture);
            int e = shortest.IndexOf('E');
            string mantissa = e >= 0 ? shortest[..e] : shortest;
            int exponent = int.Parse(s[(s.IndexOf('E') + 1)..], CultureInfo.InvariantCulture);
            if (e < 0)
            {
                // "R" chose fixed notation; rebuild the mantissa from the digits.
                string digits = shortest.Replace("-", "").Replace(".", "").Trim('0');
                mantissa = (v < 0 ? "-" : "") + digits[0] + (digits.Length > 1 ? "." + digits[1..] : "");
            }
            return $"{mantissa}e{(exponent < 0 ? "-" : "+")}{Math.Abs(exponent):00}";
        }
        s = v.ToString("R", CultureInfo.InvariantCulture);
        if (s.Contains('E'))
        {
            // .NET uses exponent notation from 1e15; Python writes fixed notation below 1e16.
            s = ((decimal)v).ToString(CultureInfo.InvariantCulture);
        }
        if (!s.Contains('.')) s += ".0";
        return s;
    }
}
