using System.Globalization;

namespace ActLab.Cli.Output;

internal static class Format
{
    /// <summary>Rounds to <paramref name="digits"/> decimals and drops trailing zeros (0.5000 → 0.5); 0 digits or
    /// fewer prints the shortest round-trip form.</summary>
    public static string Number(float v, int digits)
    {
        if (float.IsNaN(v)) return "NaN";
        if (float.IsPositiveInfinity(v)) return "inf";
        if (float.IsNegativeInfinity(v)) return "-inf";
        if (digits <= 0) return v.ToString("R", CultureInfo.InvariantCulture);
        double r = Math.Round((double)v, digits, MidpointRounding.AwayFromZero);
        if (r == 0 && v != 0)
            return v.ToString("0.###E+0", CultureInfo.InvariantCulture); // tiny values keep their magnitude
        string s = r.ToString("F" + digits, CultureInfo.InvariantCulture);
        if (s.Contains('.')) s = s.TrimEnd('0').TrimEnd('.');
        return s == "-0" ? "0" : s;
    }

    public static string YesNo(bool b) => b ? "yes" : "no";

    /// <summary>At most <paramref name="max"/> characters, control characters escaped ("…" when cut).</summary>
    public static string Shorten(string s, int max)
    {
        s = ActLab.Kernels.InputException.Show(s);
        return s.Length <= max ? s : s[..(max - 1)] + "…";
    }

    public static string Uses(ActLab.Kernels.Catalogue.Use u)
    {
        if (u == ActLab.Kernels.Catalogue.Use.None) return "—";
        var parts = new List<string>();
        if (u.HasFlag(ActLab.Kernels.Catalogue.Use.Hidden)) parts.Add("hidden");
        if (u.HasFlag(ActLab.Kernels.Catalogue.Use.BinaryOutput)) parts.Add("binary output");
        if (u.HasFlag(ActLab.Kernels.Catalogue.Use.MultiClassOutput)) parts.Add("multi-class output");
        if (u.HasFlag(ActLab.Kernels.Catalogue.Use.RegressionOutput)) parts.Add("regression output");
        if (u.HasFlag(ActLab.Kernels.Catalogue.Use.Gating)) parts.Add("gates");
        if (u.HasFlag(ActLab.Kernels.Catalogue.Use.Teaching)) parts.Add("teaching");
        return string.Join(", ", parts);
    }

    public static string Slope(double v) => double.IsPositiveInfinity(v) ? "unbounded" : Number((float)v, 4);
}
