using System.Globalization;
using ActLab.Core.Data;
using ActLab.Core.Experiments;
using ActLab.Core.Runs;
using ScottPlot;

namespace ActLab.Plotting;

/// <summary>Charts of a training run: learning curves from metrics.csv and the model's decision map.</summary>
public static class RunCharts
{
    /// <summary>Reads a run's metrics.csv (columns found by name: epoch, train_loss, validation_loss, validation_accuracy).</summary>
    /// <exception cref="InvalidDataException">The folder is not a run or the file is malformed.</exception>
    public static (double[] Epoch, double[] Train, double[] Validation, double[] Accuracy) ReadMetrics(string runDir)
    {
        string path = Path.Combine(runDir, "metrics.csv");
        if (!Directory.Exists(runDir)) throw new InvalidDataException($"'{runDir}': no such folder.");
        if (!File.Exists(path)) throw new InvalidDataException($"'{runDir}' is not a run folder: it has no metrics.csv (made by actlab train or actlab tutorial).");
        var lines = File.ReadAllLines(path);
        var header = lines.Length == 0 ? [] : lines[0].Split(',');
        int Col(string name) => Array.IndexOf(header, name) is >= 0 and var i ? i
            : throw new InvalidDataException($"{path}:1: no column '{name}'; expected epoch,train_loss,train_accuracy,validation_loss,validation_accuracy.");
        int ce = Col("epoch"), ct = Col("train_loss"), cv = Col("validation_loss"), ca = Col("validation_accuracy");
        var e = new List<double>(); var t = new List<double>(); var v = new List<double>(); var a = new List<double>();
        for (int i = 1; i < lines.Length; i++)
        {
            if (lines[i].Length == 0) continue;
            var c = lines[i].Split(',');
            if (c.Length != header.Length) throw new InvalidDataException($"{path}:{i + 1}: {c.Length} cells, expected {header.Length}.");
            double P(int col) => c[col].Length == 0 ? double.NaN
                : double.TryParse(c[col], NumberStyles.Float, CultureInfo.InvariantCulture, out double d) ? d
                : throw new InvalidDataException($"{path}:{i + 1}:{col + 1}: '{ActLab.Kernels.InputException.Show(c[col])}' is not a number.");
            e.Add(P(ce)); t.Add(P(ct)); v.Add(P(cv)); a.Add(P(ca));
        }
        if (e.Count == 0) throw new InvalidDataException($"{path}: no epochs recorded.");
        return ([.. e], [.. t], [.. v], [.. a]);
    }

    /// <summary>Train and validation loss per epoch (log scale on request, with a tick at every power of ten), and
    /// validation accuracy on the right axis from 0 to 1. The legend sits below the plot, never over the data.</summary>
    public static Chart LearningCurves(string runDir, bool logScale = false, string? title = null, ActLab.Core.Localization.Texts? texts = null)
    {
        var t = texts ?? ActLab.Core.Localization.Texts.For(ActLab.Core.Localization.Language.En);
        var (epoch, train, val, acc) = ReadMetrics(runDir);
        var plot = new Plot();
        plot.Font.Set(PlotFonts.For(t.Language));
        var series = new List<Series>();
        double[] Scale(double[] y) => logScale ? [.. y.Select(v => v > 0 ? Math.Log10(v) : double.NaN)] : y;
        var tl = plot.Add.ScatterLine(epoch, Scale(train));
        tl.LegendText = t["chart.curves.training"]; tl.Color = Charts.Palette[0]; tl.LineWidth = 2;
        series.Add(new Series("training loss", epoch, train));
        if (val.Any(double.IsFinite))
        {
            var vl = plot.Add.ScatterLine(epoch, Scale(val));
            vl.LegendText = t["chart.curves.validation"]; vl.Color = Charts.Palette[1]; vl.LineWidth = 2;
            series.Add(new Series("validation loss", epoch, val));
        }
        var losses = train.Concat(val).Where(v => double.IsFinite(v) && (!logScale || v > 0)).DefaultIfEmpty(1).ToArray();
        if (logScale)
        {
            Charts.LogDecades(plot, plot.Axes.Left, losses);
        }
        else plot.Axes.SetLimitsY(0, losses.Max() * 1.05, plot.Axes.Left);
        if (acc.Any(double.IsFinite))
        {
            var al = plot.Add.ScatterLine(epoch, acc);
            al.LegendText = t["chart.curves.accuracy"]; al.Color = Charts.Palette[2]; al.LineWidth = 2; al.LinePattern = LinePattern.Dashed;
            al.Axes.YAxis = plot.Axes.Right;
            plot.Axes.Right.Label.Text = t["chart.curves.accuracyAxis"];
            plot.Axes.SetLimitsY(0, 1.02, plot.Axes.Right);
            series.Add(new Series("validation accuracy", epoch, acc, Dashed: true));
        }
        plot.Axes.SetLimitsX(epoch.Min() - 0.5, epoch.Max() + 0.5);
        Charts.IntegerTicks(plot.Axes.Bottom);
        plot.Title(Charts.Fit(title ?? t.Format("report.curvesTitle", Path.GetFileName(Path.GetFullPath(runDir))), 60));
        plot.XLabel(t["chart.curves.epoch"]);
        plot.YLabel(t[logScale ? "chart.curves.logLoss" : "chart.curves.loss"]);
        plot.ShowLegend(Edge.Bottom);
        return new Chart(plot, series);
    }

    /// <summary>The decision map of a run over its own data file (or <paramref name="dataPath"/>).</summary>
    public static Chart DecisionMap(string runDir, string? dataPath = null, int resolution = 500, string? title = null, ActLab.Core.Localization.Texts? texts = null)
    {
        var model = TrainedRun.Load(runDir);
        if (model.Features.Count != 2) throw ActLab.Core.Localization.Texts.Error("run", runDir, "error.plot.mapFeatures", model.Features.Count);
        return DecisionMap(model, model.ReadData(dataPath), resolution, title, texts);
    }

    /// <summary>The model's output over a grid covering the data (the TensorFlow Playground view), with the data on
    /// top coloured (and shaped) by class. Binary: P(class 1) from blue (0) through white to orange (1); more classes:
    /// the predicted class's colour (Okabe–Ito, distinct in the common colour blindnesses). The axes have equal units
    /// when the two features' ranges are within a factor of 3 (a circle looks like a circle); the grid is computed
    /// when the picture's size is known, to fill its plot area exactly, <paramref name="resolution"/> cells along the
    /// longer side, drawn smoothed.</summary>
    public static Chart DecisionMap(TrainedRun model, Dataset data, int resolution = 500, string? title = null, ActLab.Core.Localization.Texts? texts = null)
    {
        if (model.Features.Count != 2 || data.FeatureNames.Length != 2) throw ActLab.Core.Localization.Texts.Error("run", model.Directory, "error.plot.mapFeatures", model.Features.Count);
        if (resolution is < 10 or > 2000) throw ActLab.Core.Localization.Texts.Error("resolution", resolution, "error.plot.resolution", resolution);
        double minX = data.Features.Min(r => r[0]), maxX = data.Features.Max(r => r[0]);
        double minY = data.Features.Min(r => r[1]), maxY = data.Features.Max(r => r[1]);
        double padX = (maxX - minX) * 0.06 + 1e-6, padY = (maxY - minY) * 0.06 + 1e-6;
        (minX, maxX, minY, maxY) = (minX - padX, maxX + padX, minY - padY, maxY + padY);
        double ratio = (maxX - minX) / (maxY - minY);
        bool square = ratio is >= 1 / 3.0 and <= 3;
        int classes = Math.Max(model.Classes.Count, 1);
        var t = texts ?? ActLab.Core.Localization.Texts.For(ActLab.Core.Localization.Language.En);

        var plot = new Plot();
        plot.Font.Set(PlotFonts.For(t.Language));
        var hm = plot.Add.Heatmap(new double[1, 1]);
        hm.Smooth = true;
        var probe = model.Predict([[(float)minX, (float)minY]]);
        bool probability = probe.Cols == 1;
        hm.Colormap = probability ? new ScottPlot.Colormaps.Custom([BinaryBackground[0], Color.FromHex("#F7F7F7"), BinaryBackground[1]]) : new ClassColormap(classes);
        // The colour bar's meaning goes in the title: a rotated label beside it collides with its ticks in a fixed layout.
        if (probability) { hm.ManualRange = new ScottPlot.Range(0, 1); plot.Add.ColorBar(hm); }
        for (int k = 0; k < classes; k++)
        {
            var idx = Enumerable.Range(0, data.Count).Where(i => (int)data.Targets[i] == k).ToArray();
            if (idx.Length == 0) continue;
            var sc = plot.Add.ScatterPoints(idx.Select(i => (double)data.Features[i][0]).ToArray(), idx.Select(i => (double)data.Features[i][1]).ToArray());
            sc.Color = PointColour(k, probability);
            sc.MarkerSize = 5;
            sc.MarkerShape = Markers[k % Markers.Length];
            sc.LegendText = t.Format("chart.map.class", model.Classes.Count > k ? model.Classes[k] : k.ToString(CultureInfo.InvariantCulture));
        }
        plot.XLabel(data.FeatureNames[0]);
        plot.YLabel(data.FeatureNames[1]);
        string colour = probability ? t.Format("chart.map.colour", model.Classes.Count > 1 ? model.Classes[1] : "1") : "";
        plot.Title(Charts.Fit(title ?? t.Format("chart.map.title", Charts.ShortName(model.Model, model.Definition.Canonical), colour), 64));
        plot.ShowLegend(Edge.Bottom);
        // Fixed margins, so the plot area (and with it the grid) is known from the picture's size.
        var margin = new PixelPadding(left: 70, right: probability ? 90 : 25, bottom: 95, top: 45);
        plot.Layout.Fixed(margin);
        double[] cells = [], xs = [];
        void Prepare(int width, int height)
        {
            double w = Math.Max(10, width - margin.Left - margin.Right), h = Math.Max(10, height - margin.Top - margin.Bottom);
            double x0 = minX, x1 = maxX, y0 = minY, y1 = maxY;
            if (square)
            {
                double unit = Math.Max((x1 - x0) / w, (y1 - y0) / h), cx = (x0 + x1) / 2, cy = (y0 + y1) / 2;
                (x0, x1, y0, y1) = (cx - unit * w / 2, cx + unit * w / 2, cy - unit * h / 2, cy + unit * h / 2);
            }
            int cols = w >= h ? resolution : Math.Max(2, (int)Math.Round(resolution * w / h));
            int rows = h > w ? resolution : Math.Max(2, (int)Math.Round(resolution * h / w));
            var grid = new float[rows * cols][];
            for (int r = 0; r < rows; r++)
                for (int c = 0; c < cols; c++)
                    grid[r * cols + c] = [(float)(x0 + (x1 - x0) * (c + 0.5) / cols), (float)(y1 - (y1 - y0) * (r + 0.5) / rows)];
            var y = model.Predict(grid);
            var values = new double[rows, cols]; // row 0 is drawn at the top (y max)
            for (int r = 0; r < rows; r++)
                for (int c = 0; c < cols; c++)
                {
                    var row = y.Row(r * cols + c);
                    values[r, c] = row.Length == 1 ? row[0] : ArgMax(row);
                }
            hm.Intensities = values;
            hm.Extent = new CoordinateRect(x0, x1, y0, y1);
            plot.Axes.SetLimits(x0, x1, y0, y1);
            cells = [.. Enumerable.Range(0, rows * cols).Select(i => values[i / cols, i % cols])];
            xs = [.. grid.Select(g => (double)g[0])];
        }
        Prepare(800, 700); // the default size; saving at another size computes the grid again
        return new Chart(plot, [new Series("grid", xs, cells)]) { Prepare = Prepare };
    }

    /// <summary>A regression model's predictions against the true values (one point per row) with the line of perfect
    /// prediction, equal units on both axes, and R² and RMSE in the title.</summary>
    public static Chart PredictedVsActual(TrainedRun model, Dataset data, string? title = null, ActLab.Core.Localization.Texts? texts = null)
    {
        var t = texts ?? ActLab.Core.Localization.Texts.English;
        string font = PlotFonts.For(t.Language);
        var y = model.Predict(data.Features);
        double[] actual = [.. data.Targets.Select(t => (double)t)], predicted = [.. Enumerable.Range(0, data.Count).Select(i => (double)y.Data[i])];
        var r = Evaluation.Run(model, data).Regression!;
        var plot = new Plot();
        plot.Font.Set(font);
        double lo = Math.Min(actual.Min(), predicted.Min()), hi = Math.Max(actual.Max(), predicted.Max());
        double pad = (hi - lo) * 0.05 + 1e-9;
        var line = plot.Add.Line(lo - pad, lo - pad, hi + pad, hi + pad);
        line.Color = Colors.Gray; line.LinePattern = LinePattern.Dashed; line.LegendText = t["chart.fit.perfect"];
        var sc = plot.Add.ScatterPoints(actual, predicted);
        sc.Color = Charts.Palette[0].WithAlpha(0.6); sc.MarkerSize = 5; sc.LegendText = t.Format("chart.fit.rows", data.Count.ToString("N0", CultureInfo.InvariantCulture));
        plot.Axes.SetLimits(lo - pad, hi + pad, lo - pad, hi + pad);
        plot.Axes.SquareUnits();
        plot.XLabel(t.Format("chart.fit.actual", model.LabelName));
        plot.YLabel(t.Format("chart.fit.predicted", model.LabelName));
        plot.Title(Charts.Fit((title ?? t["chart.fit.title"]) + string.Create(CultureInfo.InvariantCulture, $" (R² {r.R2:0.000}, RMSE {r.Rmse:G3})"), 70));
        plot.ShowLegend(Edge.Bottom);
        return new Chart(plot, [new Series("predicted", actual, predicted)]);
    }

    /// <summary>The two ends of the binary map's background (blue for class 0, orange for class 1).</summary>
    public static readonly Color[] BinaryBackground = [Color.FromHex("#67A9CF"), Color.FromHex("#EF8A62")];

    /// <summary>Class colours for maps: Okabe–Ito's, ordered so that the first few stay furthest apart (CIELAB ΔE)
    /// in normal vision and simulated protanopia, deuteranopia and tritanopia once lightened as region backgrounds
    /// (tests/ActLab.Plotting.Tests/ColourTests measures it).</summary>
    public static readonly Color[] ClassPalette =
    [
        Color.FromHex("#56B4E9"), Color.FromHex("#D55E00"), Color.FromHex("#F0E442"), Color.FromHex("#882255"),
        Color.FromHex("#999999"), Color.FromHex("#0072B2"), Color.FromHex("#E69F00"), Color.FromHex("#009E73"),
    ];

    /// <summary>The colour of class <paramref name="k"/>'s points: dark blue and dark orange on a binary map, else the
    /// class colour darkened so the points stand out on their own region.</summary>
    public static Color PointColour(int k, bool binary) => binary
        ? k == 1 ? Color.FromHex("#B35806") : Color.FromHex("#1B4F9C")
        : ClassPalette[k % ClassPalette.Length].Darken(0.45);

    /// <summary>The background of class <paramref name="k"/>'s region on a multi-class map.</summary>
    public static Color RegionColour(int k) => ClassPalette[k % ClassPalette.Length].Lighten(0.35);

    // A different marker per class, so classes differ in shape as well as colour.
    private static readonly MarkerShape[] Markers = [MarkerShape.FilledCircle, MarkerShape.FilledSquare, MarkerShape.FilledTriangleUp, MarkerShape.FilledDiamond, MarkerShape.FilledTriangleDown];

    private static int ArgMax(Span<float> row)
    {
        int best = 0;
        for (int k = 1; k < row.Length; k++) if (row[k] > row[best]) best = k;
        return best;
    }

    /// <summary>One colour per class index (the palette), for multi-class maps.</summary>
    private sealed class ClassColormap(int classes) : IColormap
    {
        public string Name => "classes";
        public Color GetColor(double position) => RegionColour((int)Math.Round(Math.Clamp(position, 0, 1) * (classes - 1)));
    }
}
