using ActLab.Core.Localization;
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
        // Tiny values keep their magnitude, and huge ones are not written out as 30-odd digits that a float does not
        // hold (float has about 7 significant digits).
        if (r == 0 && v != 0 || Math.Abs(v) >= 1e7f)
            return v.ToString("0.###E+0", CultureInfo.InvariantCulture);
        string s = r.ToString("F" + digits, CultureInfo.InvariantCulture);
        if (s.Contains('.')) s = s.TrimEnd('0').TrimEnd('.');
        return s == "-0" ? "0" : s;
    }

    /// <summary><paramref name="s"/> padded with spaces to <paramref name="cells"/> terminal columns (Hangul is two).</summary>
    public static string PadRight(string s, int cells) => s + new string(' ', Math.Max(0, cells - HelpText.Cells(s)));

    /// <summary><paramref name="s"/> right-aligned in <paramref name="cells"/> terminal columns.</summary>
    public static string PadLeft(string s, int cells) => new string(' ', Math.Max(0, cells - HelpText.Cells(s))) + s;

    public static string YesNo(bool b, Texts? t = null) => (t ?? English)[b ? "yes" : "no"];

    private static Texts English => Texts.For(Language.En);

    /// <summary>At most <paramref name="max"/> characters, control characters escaped ("…" when cut).</summary>
    public static string Shorten(string s, int max)
    {
        s = ActLab.Kernels.InputException.Show(s);
        return s.Length <= max ? s : s[..(max - 1)] + "…";
    }

    /// <summary>The uses, comma-separated, in <paramref name="t"/>'s language (English when null: JSON stays English).</summary>
    public static string Uses(ActLab.Kernels.Catalogue.Use u, Texts? t = null)
    {
        t ??= English;
        if (u == ActLab.Kernels.Catalogue.Use.None) return t["none"];
        var parts = new List<string>();
        if (u.HasFlag(ActLab.Kernels.Catalogue.Use.Hidden)) parts.Add(t["use.hidden"]);
        if (u.HasFlag(ActLab.Kernels.Catalogue.Use.BinaryOutput)) parts.Add(t["use.binaryOutput"]);
        if (u.HasFlag(ActLab.Kernels.Catalogue.Use.MultiClassOutput)) parts.Add(t["use.multiClassOutput"]);
        if (u.HasFlag(ActLab.Kernels.Catalogue.Use.RegressionOutput)) parts.Add(t["use.regressionOutput"]);
        if (u.HasFlag(ActLab.Kernels.Catalogue.Use.Gating)) parts.Add(t["use.gating"]);
        if (u.HasFlag(ActLab.Kernels.Catalogue.Use.Teaching)) parts.Add(t["use.teaching"]);
        return string.Join(", ", parts);
    }

    public static string Slope(double v, Texts? t = null) => double.IsPositiveInfinity(v) ? (t ?? English)["unbounded"] : Number((float)v, 4);
}
