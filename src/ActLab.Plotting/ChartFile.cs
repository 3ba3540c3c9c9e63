using ActLab.Core.Runs;

namespace ActLab.Plotting;

/// <summary>Saves a chart as PNG or SVG by the file's extension, atomically: rendered in memory, written to a
/// temporary file created exclusively under a random name, flushed to disk, then renamed over the target.</summary>
public static class ChartFile
{
    /// <summary>The extensions a chart can be saved as.</summary>
    public static readonly string[] Extensions = [".png", ".svg"];

    /// <summary>Checks the path's extension and size before any work is done.</summary>
    public static void Validate(string path, int width, int height)
    {
        string ext = Path.GetExtension(path).ToLowerInvariant();
        if (!Extensions.Contains(ext)) throw ActLab.Core.Localization.Texts.Error("out", path, "error.plot.type", path, ext);
        if (width is < 100 or > 10_000 || height is < 100 or > 10_000) throw ActLab.Core.Localization.Texts.Error("width", $"{width}x{height}", "error.plot.size", width, height);
    }

    /// <summary>Renders and writes the chart (a chart of several panels is PNG only).</summary>
    public static void Save(Chart chart, string path, int width, int height)
    {
        Validate(path, width, height);
        bool svg = Path.GetExtension(path).Equals(".svg", StringComparison.OrdinalIgnoreCase);
        if (svg && chart.Panels is not null)
            throw ActLab.Core.Localization.Texts.Error("out", path, "error.plot.panelsPng", path);
        chart.Prepare?.Invoke(width, height);
        byte[] bytes = chart.Panels is { } panels ? ScottPlot.IMultiplotExtensions.Render(panels, width, height).GetImageBytes(ScottPlot.ImageFormat.Png)
            : svg ? System.Text.Encoding.UTF8.GetBytes(RepairSvg(chart.Plot.GetSvgXml(width, height)))
            : chart.Plot.GetImageBytes(width, height, ScottPlot.ImageFormat.Png);
        AtomicFile.Write(Path.GetFullPath(path), bytes);
    }

    /// <summary>Skia's SVG writer turns each glyph back into a character through the font's tables, and NanumGothic's
    /// space comes back as U+0001, which XML forbids: a Korean SVG did not open in a browser ("손실\u0001(로그\u0001눈금)").
    /// Every C0 control character other than tab, line feed and carriage return is written as a space.</summary>
    public static string RepairSvg(string xml)
    {
        if (!xml.AsSpan().ContainsAnyInRange('\u0000', '\u0008') && !xml.AsSpan().ContainsAnyInRange('\u000B', '\u000C')
            && !xml.AsSpan().ContainsAnyInRange('\u000E', '\u001F')) return xml;
        var chars = xml.ToCharArray();
        for (int i = 0; i < chars.Length; i++)
            if (chars[i] < ' ' && chars[i] is not ('\t' or '\n' or '\r')) chars[i] = ' ';
        return new string(chars);
    }
}
