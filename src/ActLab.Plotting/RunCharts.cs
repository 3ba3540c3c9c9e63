using System.Globalization;
using ActLab.Core.Data;
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

    /// <summary>Train and validation loss per epoch (log scale on request), and validation accuracy on the right axis.</summary>
    public static Chart LearningCurves(string runDir, bool logScale = false, string? title = null)
    {
        var (epoch, train, val, acc) = ReadMetrics(runDir);
        var plot = new Plot();
        plot.Font.Set("DejaVu Sans");
        var series = new List<Series>();
        double[] Scale(double[] y) => logScale ? [.. y.Select(v => v > 0 ? Math.Log10(v) : double.NaN)] : y;
        var tl = plot.Add.ScatterLine(epoch, Scale(train));
        tl.LegendText = "train loss"; tl.Color = Charts.Palette[0]; tl.LineWidth = 2;
        series.Add(new Series("train loss", epoch, train));
        if (val.Any(double.IsFinite))
        {
            var vl = plot.Add.ScatterLine(epoch, Scale(val));
            vl.LegendText = "validation loss"; vl.Color = Charts.Palette[1]; vl.LineWidth = 2;
            series.Add(new Series("validation loss", epoch, val));
        }
        if (acc.Any(double.IsFinite))
        {
            var al = plot.Add.ScatterLine(epoch, acc);
            al.LegendText = "validation accuracy (right axis)"; al.Color = Charts.Palette[2]; al.LineWidth = 2; al.LinePattern = LinePattern.Dashed;
            al.Axes.YAxis = plot.Axes.Right;
            plot.Axes.Right.Label.Text = "accuracy";
            series.Add(new Series("validation accuracy", epoch, acc, Dashed: true));
        }
        if (logScale)
        {
            plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic { LabelFormatter = v => Math.Pow(10, v).ToString("G3", CultureInfo.InvariantCulture) };
        }
        plot.Title(title ?? $"Learning curves: {Path.GetFileName(Path.GetFullPath(runDir))}");
        plot.XLabel("epoch");
        plot.YLabel(logScale ? "loss (log scale)" : "loss");
        plot.ShowLegend(Alignment.UpperRight);
        return new Chart(plot, series);
    }

    /// <summary>The model's output over a grid covering the data (the TensorFlow Playground view), with the data on
    /// top coloured by class. Binary: P(class 1) from blue (0) to orange (1); more classes: the predicted class's colour.</summary>
    public static Chart DecisionMap(string runDir, string? dataPath = null, int resolution = 150, string? title = null)
    {
        var model = TrainedRun.Load(runDir);
        if (model.Features.Count != 2) throw new ActLab.Kernels.InputException("run", runDir, $"A decision map needs a model with two input features; this one takes {model.Features.Count}.");
        string path = dataPath ?? model.DataPath ?? throw new ActLab.Kernels.InputException("data", runDir, $"The run '{ActLab.Kernels.InputException.Show(runDir)}' does not name a data file that still exists; pass one.");
        var data = CsvTable.Read(path, model.LabelName, featuresOnly: false, classes: model.Classes.Count > 0 ? model.Classes : null,
            regression: model.Task == Core.Training.TaskKind.Regression, features: model.Features);
        double minX = data.Features.Min(r => r[0]), maxX = data.Features.Max(r => r[0]);
        double minY = data.Features.Min(r => r[1]), maxY = data.Features.Max(r => r[1]);
        double padX = (maxX - minX) * 0.08 + 1e-6, padY = (maxY - minY) * 0.08 + 1e-6;
        (minX, maxX, minY, maxY) = (minX - padX, maxX + padX, minY - padY, maxY + padY);
        var grid = new float[resolution * resolution][];
        for (int r = 0; r < resolution; r++)
            for (int c = 0; c < resolution; c++)
                grid[r * resolution + c] = [(float)(minX + (maxX - minX) * (c + 0.5) / resolution), (float)(maxY - (maxY - minY) * (r + 0.5) / resolution)];
        var y = model.Predict(grid);
        var values = new double[resolution, resolution]; // row 0 is drawn at the top (y max)
        int classes = Math.Max(model.Classes.Count, 1);
        for (int r = 0; r < resolution; r++)
            for (int c = 0; c < resolution; c++)
            {
                var row = y.Row(r * resolution + c);
                values[r, c] = row.Length == 1 ? row[0] : ArgMax(row);
            }
        var plot = new Plot();
        plot.Font.Set("DejaVu Sans");
        var hm = plot.Add.Heatmap(values);
        hm.Extent = new CoordinateRect(minX, maxX, minY, maxY);
        hm.Colormap = y.Cols == 1 ? new ScottPlot.Colormaps.Custom([Color.FromHex("#3B7DD8"), Color.FromHex("#F2F2F2"), Color.FromHex("#E8892B")]) : new ClassColormap(classes);
        hm.Opacity = 0.75;
        if (y.Cols == 1) { hm.ManualRange = new ScottPlot.Range(0, 1); plot.Add.ColorBar(hm).Label = "P(class " + (model.Classes.Count > 1 ? model.Classes[1] : "1") + ")"; }
        for (int k = 0; k < classes; k++)
        {
            var idx = Enumerable.Range(0, data.Count).Where(i => (int)data.Targets[i] == k).ToArray();
            if (idx.Length == 0) continue;
            var sc = plot.Add.ScatterPoints(idx.Select(i => (double)data.Features[i][0]).ToArray(), idx.Select(i => (double)data.Features[i][1]).ToArray());
            sc.Color = y.Cols == 1 ? (k == 1 ? Color.FromHex("#B35806") : Color.FromHex("#1B4F9C")) : Charts.Palette[k % Charts.Palette.Length].Darken(0.3);
            sc.MarkerSize = 5;
            sc.LegendText = $"class {(model.Classes.Count > k ? model.Classes[k] : k.ToString(CultureInfo.InvariantCulture))}";
        }
        plot.Axes.SetLimits(minX, maxX, minY, maxY);
        plot.XLabel(data.FeatureNames[0]);
        plot.YLabel(data.FeatureNames[1]);
        plot.Title(title ?? $"Decision map: {Charts.ShortName(model.Model, model.Definition.Canonical)}");
        plot.ShowLegend(Alignment.UpperRight);
        var cells = Enumerable.Range(0, resolution * resolution).Select(i => (double)values[i / resolution, i % resolution]).ToArray();
        return new Chart(plot, [new Series("grid", [.. grid.Select(g => (double)g[0])], cells)]);
    }

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
        public Color GetColor(double position) => Charts.Palette[(int)Math.Round(Math.Clamp(position, 0, 1) * (classes - 1)) % Charts.Palette.Length].Lighten(0.35);
    }
}
