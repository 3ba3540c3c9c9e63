using ActLab.Core.Analysis;
using ActLab.Kernels.Catalogue;
using ScottPlot;

namespace ActLab.Plotting.Tests;

/// <summary>Issue 9's rules for pictures: legends beside the data, decade ticks on log axes, accuracy on 0–1, one
/// panel per layer.</summary>
public class LayoutTests
{
    private static string RunWithMetrics(string csv)
    {
        string dir = Directory.CreateTempSubdirectory("actlab-layout-").FullName;
        File.WriteAllText(Path.Combine(dir, "metrics.csv"), csv);
        return dir;
    }

    private static void LegendOutside(Plot plot)
    {
        Assert.False(plot.Legend.IsVisible); // the legend inside the data area is off
        Assert.Contains(plot.Axes.GetPanels(), p => p is ScottPlot.Panels.LegendPanel); // and drawn as a panel beside it
    }

    // Every text drawn in the chart (rendered as SVG): tick labels, titles, legend entries.
    private static List<string> Texts(Chart chart) =>
        [.. System.Xml.Linq.XDocument.Parse(chart.Plot.GetSvgXml(900, 500)).Descendants(System.Xml.Linq.XName.Get("text", "http://www.w3.org/2000/svg")).Select(t => t.Value.Trim())];

    private static bool IsNumber(string s) => double.TryParse(s, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out _);

    [Fact]
    public void Learning_curves_put_the_legend_outside_accuracy_on_0_to_1_and_decades_on_a_log_axis()
    {
        string run = RunWithMetrics("epoch,train_loss,train_accuracy,validation_loss,validation_accuracy\n1,0.9,0.5,0.95,0.9615\n2,0.05,0.9,0.06,0.9705\n3,0.02,0.99,0.03,0.97\n");
        var chart = RunCharts.LearningCurves(run, logScale: true);
        LegendOutside(chart.Plot);
        var right = chart.Plot.Axes.Right;
        Assert.Equal(0, right.Min);
        Assert.InRange(right.Max, 1, 1.05);
        var texts = Texts(chart);
        Assert.Contains("0.01", texts);
        Assert.Contains("0.1", texts);
        Assert.DoesNotContain(texts, t => t is "0.794" or "0.631" or "0.501"); // no ticks between decades
        Assert.DoesNotContain(texts, t => t is "0.9615" or "0.9705"); // the accuracy axis is not zoomed in
        Assert.Equal(-2, chart.Plot.Axes.Left.Min); // whole decades around 0.02..0.95
        Assert.Equal(0, chart.Plot.Axes.Left.Max);
    }

    [Fact]
    public void Comparison_charts_use_decades_and_keep_the_legend_beside_the_data()
    {
        RunOutcome Outcome(string act, double scale) => new(act, "xor", 0, [1 * scale, 0.1 * scale, 0.01 * scale], [0.5, 0.8, 0.9], 0.9, 0.1, 2, 0.01,
            [1e-6 * scale, 1e-4, 1e-2], 0, 0, [new float[] { 0.1f, 0.2f }, new float[] { 0.3f, 0.9f }, new float[] { 0.5f }], false);
        var curves = CompareCharts.Curves("xor", [Outcome("tanh", 1), Outcome("relu", 2)]);
        LegendOutside(curves.Plot);
        var labels = Texts(curves).Where(IsNumber).Select(t => double.Parse(t, System.Globalization.CultureInfo.InvariantCulture)).Where(v => v < 1 && v > 0).ToList();
        Assert.Contains(0.01, labels);
        Assert.All(labels, v => Assert.Equal(Math.Round(Math.Log10(v)), Math.Log10(v), 9)); // below 1, only powers of ten
        var histograms = CompareCharts.Histograms(Outcome("tanh", 1));
        Assert.NotNull(histograms.Panels);
        Assert.Equal(3, histograms.Panels!.GetPlots().Length);
        Assert.Equal(["layer 0: tanh", "layer 2: tanh", "layer 4: tanh"], histograms.Series.Select(s => s.Label));
    }

    [Fact]
    public void Function_charts_keep_the_legend_beside_the_curves_and_titles_fit()
    {
        var chart = Charts.Functions([Catalogue.Resolve("sigmoid"), Catalogue.Resolve("tanh")], -5, 5, 0.1, derivative: true);
        LegendOutside(chart.Plot);
        string fitted = Charts.Fit("Activation functions and their derivatives (dashed)", 40);
        Assert.Equal(40, fitted.Length);
        Assert.StartsWith("Activation functions", fitted);
        Assert.EndsWith("(dashed)", fitted);
        Assert.Equal(40, Charts.Fit(new string('x', 100), 40).Length);
    }
}
