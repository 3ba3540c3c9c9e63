using System.Globalization;
using ActLab.Core.Analysis;
using ActLab.Core.Localization;
using ScottPlot;

namespace ActLab.Plotting;

/// <summary>Pictures of an activation comparison: learning curves per data set, and the gradient-norm profile at initialisation.</summary>
public static class CompareCharts
{
    /// <summary>Training loss per epoch (mean over seeds), one line per activation, log scale.</summary>
    public static Chart Curves(string dataset, IReadOnlyList<RunOutcome> runs, Texts? texts = null)
    {
        var t = texts ?? Texts.English;
        var plot = new Plot();
        plot.Font.Set(PlotFonts.For(t.Language));
        var series = new List<Series>();
        int k = 0;
        foreach (var g in runs.Where(r => r.Dataset == dataset).GroupBy(r => r.Activation))
        {
            int epochs = g.Min(r => r.TrainLoss.Length);
            if (epochs == 0) continue;
            double[] x = [.. Enumerable.Range(1, epochs).Select(e => (double)e)];
            double[] y = [.. Enumerable.Range(0, epochs).Select(e => g.Average(r => r.TrainLoss[e]))];
            var line = plot.Add.ScatterLine(x, y.Select(v => v > 0 ? Math.Log10(v) : double.NaN).ToArray());
            line.LegendText = g.Key; line.Color = Charts.Palette[k % Charts.Palette.Length]; line.LineWidth = 2;
            line.LinePattern = k >= Charts.Palette.Length ? LinePattern.Dashed : LinePattern.Solid;
            series.Add(new Series(g.Key, x, y));
            k++;
        }
        Charts.LogDecades(plot, plot.Axes.Left, series.SelectMany(x => x.Y));
        Charts.IntegerTicks(plot.Axes.Bottom);
        plot.Title(Charts.Fit(t.Format("chart.compare.curvesTitle", dataset), 72));
        plot.XLabel(t["chart.curves.epoch"]);
        plot.YLabel(t["chart.compare.trainLossLog"]);
        plot.ShowLegend(Edge.Right);
        return new Chart(plot, series);
    }

    /// <summary>‖δ‖ per hidden layer at initialisation (mean over seeds), log scale: a falling line toward layer 1 is a vanishing gradient.</summary>
    public static Chart Profiles(string dataset, IReadOnlyList<CompareRow> rows, Texts? texts = null)
    {
        var t = texts ?? Texts.English;
        var plot = new Plot();
        plot.Font.Set(PlotFonts.For(t.Language));
        var series = new List<Series>();
        int k = 0;
        foreach (var r in rows.Where(r => r.Dataset == dataset))
        {
            double[] x = [.. Enumerable.Range(1, r.InitGradientProfile.Length).Select(i => (double)i)];
            var line = plot.Add.ScatterLine(x, r.InitGradientProfile.Select(v => v > 0 ? Math.Log10(v) : double.NaN).ToArray());
            line.LegendText = r.Activation; line.Color = Charts.Palette[k % Charts.Palette.Length]; line.LineWidth = 2; line.MarkerSize = 5;
            line.LinePattern = k >= Charts.Palette.Length ? LinePattern.Dashed : LinePattern.Solid;
            series.Add(new Series(r.Activation, x, r.InitGradientProfile));
            k++;
        }
        Charts.LogDecades(plot, plot.Axes.Left, series.SelectMany(x => x.Y));
        Charts.IntegerTicks(plot.Axes.Bottom);
        plot.Title(Charts.Fit(t.Format("chart.compare.profileTitle", dataset), 72));
        plot.XLabel(t["chart.compare.hiddenLayer"]);
        plot.YLabel(t["chart.compare.gradLog"]);
        plot.ShowLegend(Edge.Right);
        return new Chart(plot, series);
    }

    /// <summary>Activation values per hidden layer of one run after training (Deep Learning from Scratch ch. 6's
    /// figure): one panel per layer, numbered as <c>actlab inspect</c> numbers them (the linear layer's position: 0, 2, 4, …).</summary>
    public static Chart Histograms(RunOutcome run, int bins = 40, Texts? texts = null)
    {
        var t = texts ?? Texts.English;
        return LayerHistograms.Panels([.. run.FinalActivations.Select((v, k) => (t.Format("chart.hist.layer", 2 * k, run.Activation), v))], bins,
            t.Format("chart.compare.histTitle", run.Activation, run.Dataset, run.Seed), t["chart.hist.activationValue"], t);
    }
}
