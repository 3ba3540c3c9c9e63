namespace ActLab.Plotting;

/// <summary>Saves a chart as PNG or SVG by the file's extension, atomically (temporary file, then rename).</summary>
public static class ChartFile
{
    /// <summary>The extensions a chart can be saved as.</summary>
    public static readonly string[] Extensions = [".png", ".svg"];

    /// <summary>Checks the path's extension and size before any work is done.</summary>
    public static void Validate(string path, int width, int height)
    {
        string ext = Path.GetExtension(path).ToLowerInvariant();
        if (!Extensions.Contains(ext)) throw new ActLab.Kernels.InputException("out", path, $"'{path}': unknown picture type '{ext}'; use .png or .svg.");
        if (width is < 100 or > 10_000 || height is < 100 or > 10_000) throw new ActLab.Kernels.InputException("width", $"{width}x{height}", $"The width and height must be 100..10000 pixels; got {width}×{height}.");
    }

    /// <summary>Renders and writes the chart.</summary>
    public static void Save(Chart chart, string path, int width, int height)
    {
        Validate(path, width, height);
        string full = Path.GetFullPath(path);
        string tmp = full + $".{Environment.ProcessId}.tmp{Path.GetExtension(path)}";
        try
        {
            if (Path.GetExtension(path).Equals(".svg", StringComparison.OrdinalIgnoreCase)) chart.Plot.SaveSvg(tmp, width, height);
            else chart.Plot.SavePng(tmp, width, height);
            File.Move(tmp, full, overwrite: true);
        }
        finally
        {
            if (File.Exists(tmp)) File.Delete(tmp);
        }
    }
}
