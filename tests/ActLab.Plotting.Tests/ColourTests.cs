using ScottPlot;

namespace ActLab.Plotting.Tests;

/// <summary>Class colours on decision maps stay apart for readers with colour-vision deficiencies: each colour is
/// simulated (Machado, Oliveira and Fernandes 2009, severity 1) and compared in CIELAB (ΔE 1976).</summary>
public class ColourTests
{
    private static readonly double[][][] Simulations =
    [
        [[1, 0, 0], [0, 1, 0], [0, 0, 1]],
        [[0.152286, 1.052583, -0.204868], [0.114503, 0.786281, 0.099216], [-0.003882, -0.048116, 1.051998]], // protanopia
        [[0.367322, 0.860646, -0.227968], [0.280085, 0.672501, 0.047413], [-0.011820, 0.042940, 0.968881]], // deuteranopia
        [[1.255528, -0.076749, -0.178779], [-0.078411, 0.930809, 0.147602], [0.004733, 0.691367, 0.303900]], // tritanopia
    ];

    private static double[] Lab(Color c, double[][] m)
    {
        static double Linear(double v) => v <= 0.04045 ? v / 12.92 : Math.Pow((v + 0.055) / 1.055, 2.4);
        double[] rgb = [Linear(c.R / 255.0), Linear(c.G / 255.0), Linear(c.B / 255.0)];
        var s = m.Select(row => Math.Clamp(row[0] * rgb[0] + row[1] * rgb[1] + row[2] * rgb[2], 0, 1)).ToArray();
        double x = 0.4124 * s[0] + 0.3576 * s[1] + 0.1805 * s[2], y = 0.2126 * s[0] + 0.7152 * s[1] + 0.0722 * s[2], z = 0.0193 * s[0] + 0.1192 * s[1] + 0.9505 * s[2];
        static double F(double t) => t > 0.008856 ? Math.Cbrt(t) : 7.787 * t + 16.0 / 116;
        double fx = F(x / 0.95047), fy = F(y), fz = F(z / 1.08883);
        return [116 * fy - 16, 500 * (fx - fy), 200 * (fy - fz)];
    }

    /// <summary>The smallest ΔE between any two of <paramref name="colours"/> over normal vision and the three simulations.</summary>
    private static double MinimumDistance(IReadOnlyList<Color> colours) =>
        Simulations.Min(m => colours.SelectMany((a, i) => colours.Skip(i + 1).Select(b =>
        {
            var (p, q) = (Lab(a, m), Lab(b, m));
            return Math.Sqrt(p.Zip(q).Sum(t => (t.First - t.Second) * (t.First - t.Second)));
        })).Min());

    [Fact]
    public void The_check_tells_red_from_green_only_in_normal_vision()
    {
        var red = Color.FromHex("#FF0000");
        var green = Color.FromHex("#00A000");
        Assert.True(MinimumDistance([red, green]) < 15);
        Assert.True(Simulations.Take(1).Select(m => Lab(red, m)).Single()[1] > 50);
    }

    [Theory]
    [InlineData(3, 20)]
    [InlineData(5, 19)]
    [InlineData(7, 12)]
    [InlineData(8, 7)]
    public void Region_colours_of_a_multi_class_map_stay_apart_in_every_simulation(int classes, double atLeast)
    {
        double d = MinimumDistance([.. Enumerable.Range(0, classes).Select(RunCharts.RegionColour)]);
        Assert.True(d >= atLeast, $"{classes} classes: smallest ΔE {d:0.0}");
    }

    [Fact]
    public void Points_stand_out_on_their_own_region()
    {
        for (int k = 0; k < RunCharts.ClassPalette.Length; k++)
        {
            double d = MinimumDistance([RunCharts.RegionColour(k), RunCharts.PointColour(k, binary: false)]);
            Assert.True(d >= 20, $"class {k}: ΔE {d:0.0} between its points and its region");
        }
    }
}
