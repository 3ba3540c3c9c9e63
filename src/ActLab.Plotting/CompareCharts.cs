using System.Globalization;
using ActLab.Core.Analysis;
using ScottPlot;

namespace ActLab.Plotting;

/// <summary>Pictures of an activation comparison: learning curves per data set, and the gradient-norm profile at initialisation.</summary>
public static class CompareCharts
{
    /// <summary>Training loss per epoch (mean over seeds), one line per activation, log scale.</summary>
    public static Chart Curves(string dataset, IReadOnlyList<RunOutcome> runs)
    {
        var plot = new Plot();
        plot.Font.Set("DejaVu Sans");
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
        plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic { LabelFormatter = v => Math.Pow(10, v).ToString("G3", CultureInfo.InvariantCulture) };
        plot.Title($"{dataset}: training loss (mean over seeds)");
        plot.XLabel("epoch");
        plot.YLabel("train loss (log scale)");
        plot.ShowLegend(Alignment.UpperRight);
        return new Chart(plot, series);
    }

    /// <summary>‖δ‖ per hidden layer at initialisation (mean over seeds), log scale: a falling line toward layer 1 is a vanishing gradient.</summary>
    public static Chart Profiles(string dataset, IReadOnlyList<CompareRow> rows)
    {
        var plot = new Plot();
        plot.Font.Set("DejaVu Sans");
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
        plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic { LabelFormatter = v => Math.Pow(10, v).ToString("G2", CultureInfo.InvariantCulture) };
        plot.Title($"{dataset}: gradient norm ‖δ‖ per hidden layer at initialisation");
        plot.XLabel("hidden layer (1 = nearest the input)");
        plot.YLabel("‖∂L/∂b‖ (log scale)");
        plot.ShowLegend(Alignment.LowerRight);
        return new Chart(plot, series);
    }

    /// <summary>Activation values per hidden layer of one run after training (Deep Learning from Scratch ch. 6's figure).</summary>
    public static Chart Histograms(RunOutcome run, int bins = 40)
    {
        var plot = new Plot();
        plot.Font.Set("DejaVu Sans");
        var all = run.FinalActivations.SelectMany(a => a).Where(float.IsFinite).ToArray();
        double lo = all.Length == 0 ? 0 : all.Min(), hi = all.Length == 0 ? 1 : all.Max();
        if (hi - lo < 1e-9) { lo -= 0.5; hi += 0.5; }
        var series = new List<Series>();
        for (int k = 0; k < run.FinalActivations.Count; k++)
        {
            var counts = new double[bins];
            foreach (var v in run.FinalActivations[k]) if (float.IsFinite(v)) counts[Math.Min(bins - 1, (int)((v - lo) / (hi - lo) * bins))]++;
            double total = Math.Max(1, counts.Sum());
            double[] x = [.. Enumerable.Range(0, bins).Select(b => lo + (hi - lo) * (b + 0.5) / bins)];
            double[] y = [.. counts.Select(c => c / total)];
            var line = plot.Add.ScatterLine(x, y);
            line.ConnectStyle = ConnectStyle.StepHorizontal;
            line.Color = Charts.Palette[k % Charts.Palette.Length];
            line.LinePattern = k >= Charts.Palette.Length ? LinePattern.Dashed : LinePattern.Solid;
            line.LegendText = $"layer {k + 1}";
            series.Add(new Series($"layer {k + 1}", x, y));
        }
        plot.Title(Charts.Fit($"{run.Activation} on {run.Dataset}: activations per hidden layer after training (seed {run.Seed})", 72));
        plot.XLabel("activation value");
        plot.YLabel("fraction of values");
        plot.ShowLegend(Alignment.UpperRight);
        return new Chart(plot, series);
    }
}
