using ActLab.Core.Localization;
using SkiaSharp;

namespace ActLab.Plotting;

/// <summary>
/// The font a picture's labels are drawn in: DejaVu Sans for English (fonts-dejavu-core), a font with Hangul for
/// Korean. Without one, Korean labels would come out as boxes, so asking for Korean then fails with a message naming
/// the Debian package to install.
/// </summary>
public static class PlotFonts
{
    /// <summary>The Latin font (Debian's fonts-dejavu-core).</summary>
    public const string Latin = "DejaVu Sans";

    /// <summary>Fonts with Hangul, in order of preference: Debian's fonts-nanum, then fonts-noto-cjk.</summary>
    public static readonly string[] Hangul = ["NanumGothic", "Noto Sans CJK KR", "NanumBarunGothic"];

    /// <summary>The font family for labels in <paramref name="language"/>.</summary>
    /// <exception cref="ActLab.Kernels.InputException">Korean, and no font with Hangul is installed.</exception>
    public static string For(Language language) => language == Language.En ? Latin
        : InstalledHangul.Value ?? For(language, Hangul); // the second call throws the message

    // Looked up once (thread-safe): the font list does not change while the process runs.
    private static readonly Lazy<string?> InstalledHangul = new(() => FindHangul(Hangul), LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>The same, looking for Hangul among <paramref name="hangul"/> only.</summary>
    public static string For(Language language, IEnumerable<string> hangul) => language == Language.En ? Latin
        : FindHangul(hangul) ?? throw ActLab.Core.Localization.Texts.Error("lang", "ko", "error.plot.noHangulFont");

    /// <summary>The first of <paramref name="families"/> that is installed and has Hangul, or null.</summary>
    public static string? FindHangul(IEnumerable<string> families) =>
        families.FirstOrDefault(f => SKTypeface.FromFamilyName(f) is { } tf && tf.FamilyName == f && Covers(f, "가힣"));

    /// <summary>Whether <paramref name="family"/> has a glyph for every character of <paramref name="text"/> (no
    /// missing-glyph boxes).</summary>
    public static bool Covers(string family, string text)
    {
        using var typeface = SKTypeface.FromFamilyName(family);
        if (typeface is null || typeface.FamilyName != family) return false;
        using var font = new SKFont(typeface);
        return font.ContainsGlyphs(new string([.. text.Where(c => !char.IsWhiteSpace(c))]));
    }
}
