using ActLab.Core.Data;
using ActLab.Core.Localization;
using ActLab.Core.Runs;
using ActLab.Kernels;
using ActLab.Core.Model;
using ActLab.Core.Tensors;
using ActLab.Core.Training;
using ScottPlot;

namespace ActLab.Plotting;

/// <summary>Per-layer distributions of activations, or of the loss gradient at each activation's output, over a
/// run's data (Deep Learning from Scratch, ch. 6): saturation shows as mass at the ends of sigmoid/tanh, dead ReLU
/// units as a spike at 0, vanishing gradients as ever narrower gradient histograms toward the input.</summary>
public static class LayerHistograms
{
    /// <summary>What to histogram.</summary>
    public enum Kind
    {
        /// <summary>Each activation layer's output.</summary>
        Activations,
        /// <summary>∂loss/∂(activation output) per layer, from one backward pass over the data.</summary>
        Gradients,
    }

    /// <summary>Builds the chart from the run's data file (or <paramref name="dataPath"/>).</summary>
    public static Chart Build(string runDir, Kind kind, string? dataPath = null, int bins = 50, int maxRows = 2000, string? title = null, Texts? texts = null)
    {
        if (bins is < 2 or > 1000) throw Texts.Error("bins", bins, "error.plot.bins", bins);
        var model = TrainedRun.Load(runDir);
        var data = model.ReadData(dataPath);
        return Build(model, data, kind, bins, maxRows, title, texts);
    }

    /// <summary>Builds the chart: one panel per hidden layer, top to bottom from the input, each a step-line histogram
    /// of that layer's values as fractions, on a shared x range. Layers are numbered as <c>actlab inspect</c> numbers
    /// them: by the position of their linear layer in the model (the <c>0</c> of <c>0.weight</c>).</summary>
    public static Chart Build(TrainedRun model, Dataset data, Kind kind, int bins = 50, int maxRows = 2000, string? title = null, Texts? texts = null)
    {
        if (bins is < 2 or > 1000) throw Texts.Error("bins", bins, "error.plot.bins", bins);
        var t = texts ?? Texts.English;
        string runDir = model.Directory;
        int n = Math.Min(data.Count, maxRows), d = data.FeatureNames.Length;
        var x = new Tensor(n, d);
        for (int i = 0; i < n; i++) data.Features[i].CopyTo(x.Data, i * d);
        model.StandardizeInPlace(x.Data, d); // only the rows drawn, not a copy of the whole data set
        var layers = model.Model.Layers;
        var outputs = new List<(string Name, float[] Values)>();
        var act = x;
        var inputs = new Tensor[layers.Count];
        for (int i = 0; i < layers.Count; i++)
        {
            inputs[i] = act;
            act = layers[i].Forward(act, training: false);
            if (layers[i] is ActivationLayer a && i < layers.Count - 1) outputs.Add((LayerName(layers, i, a, t), (float[])act.Data.Clone()));
            else if (layers[i] is ActivationLayer a2 && kind == Kind.Activations) outputs.Add((t.Format("chart.hist.output", a2.Describe()), (float[])act.Data.Clone()));
        }
        if (kind == Kind.Gradients)
        {
            outputs.Clear();
            var loss = Objectives.CreateLoss(model.Loss);
            bool column = Objectives.TargetsAsColumn(model.Loss);
            var y = column ? new Tensor(n, 1) : new Tensor(n);
            for (int i = 0; i < n; i++) y.Data[i] = data.Targets[i];
            loss.Forward(act, y);
            var g = loss.Backward();
            for (int i = layers.Count - 1; i >= 0; i--)
            {
                if (layers[i] is ActivationLayer a && i < layers.Count - 1) outputs.Insert(0, (LayerName(layers, i, a, t), (float[])g.Data.Clone()));
                if (i > 0 && layers[i] is Linear lin) lin.ComputeInputGradient = true;
                g = layers[i].Backward(g);
            }
        }
        if (outputs.Count == 0) throw Texts.Error("run", runDir, "error.plot.noHiddenActivation", model.Definition.Canonical);
        string name = Charts.ShortName(model.Model, model.Definition.Canonical);
        return Panels(outputs, bins, title ?? t.Format(kind == Kind.Activations ? "chart.hist.activationsTitle" : "chart.hist.gradientsTitle", name),
            t.Format("chart.hist.rows", t[kind == Kind.Activations ? "chart.hist.activationValue" : "chart.hist.gradient"], n.ToString("N0", System.Globalization.CultureInfo.InvariantCulture)), t);
    }

    /// <summary>"layer 0: linear(2,16) → tanh": the activation at <paramref name="i"/>, named by its linear layer's position.</summary>
    private static string LayerName(IReadOnlyList<ILayer> layers, int i, ActivationLayer a, Texts t) =>
        i > 0 && layers[i - 1] is Linear lin ? t.Format("chart.hist.layer", i - 1, $"linear({lin.In},{lin.Out}) → {a.Describe()}") : t.Format("chart.hist.layer", i, a.Describe());

    /// <summary>One panel per named set of values, top to bottom, each a histogram of fractions on a shared x range
    /// (the central 99.8% of all values) and a shared y scale.</summary>
    public static Chart Panels(IReadOnlyList<(string Name, float[] Values)> outputs, int bins, string title, string xLabel, Texts? texts = null)
    {
        var t = texts ?? Texts.English;
        if (outputs.Count == 0) throw Texts.Error("run", title, "error.plot.noLayer");
        string font = PlotFonts.For(t.Language);
        // The shared x range holds the central 99.8% of all values (a few outliers would squeeze every histogram into
        // one bar); values outside it are counted and said under the axis.
        var all = outputs.SelectMany(o => o.Values).Where(float.IsFinite).Select(v => (double)v).Order().ToArray();
        double lo = all.Length == 0 ? 0 : all[(int)(all.Length * 0.001)], hi = all.Length == 0 ? 0 : all[Math.Max(0, (int)Math.Ceiling(all.Length * 0.999) - 1)];
        if (hi - lo < 1e-12) { lo -= 0.5; hi += 0.5; }
        long outside = all.LongCount(v => v < lo || v > hi);
        var panels = new Multiplot();
        var series = new List<Series>();
        double peak = 0;
        var plots = new List<Plot>();
        for (int k = 0; k < outputs.Count; k++)
        {
            var counts = new double[bins];
            foreach (var v in outputs[k].Values)
                if (float.IsFinite(v) && v >= lo && v <= hi) counts[Math.Min(bins - 1, (int)((v - lo) / (hi - lo) * bins))]++;
            double total = Math.Max(1, outputs[k].Values.Count(float.IsFinite));
            var centers = Enumerable.Range(0, bins).Select(b => lo + (hi - lo) * (b + 0.5) / bins).ToArray();
            var fractions = counts.Select(c => c / total).ToArray();
            peak = Math.Max(peak, fractions.Max());
            var plot = k == 0 ? panels.GetPlot(0) : panels.AddPlot();
            plot.Font.Set(font);
            var bars = plot.Add.Bars(centers, fractions);
            foreach (var b in bars.Bars) { b.Size = (hi - lo) / bins; b.FillColor = Charts.Palette[k % Charts.Palette.Length]; b.LineWidth = 0; }
            var label = plot.Add.Annotation(outputs[k].Name, Alignment.UpperRight);
            label.LabelFontSize = 13;
            label.LabelBackgroundColor = Colors.White.WithAlpha(0.85);
            label.LabelBorderColor = Colors.Gray;
            label.LabelShadowColor = Colors.Transparent;
            plot.Axes.Left.Label.Text = t["chart.hist.fraction"];
            plot.Axes.Left.Label.FontSize = 11;
            if (k < outputs.Count - 1) plot.Axes.Bottom.TickLabelStyle.IsVisible = false;
            plots.Add(plot);
            series.Add(new Series(outputs[k].Name, centers, fractions));
        }
        foreach (var p in plots) p.Axes.SetLimits(lo - (hi - lo) * 0.02, hi + (hi - lo) * 0.02, 0, peak * 1.1);
        plots[0].Title(Charts.Fit(title, 72));
        plots[^1].XLabel(outside > 0 ? t.Format("chart.hist.beyond", xLabel, outside.ToString("N0", System.Globalization.CultureInfo.InvariantCulture)) : xLabel);
        panels.Layout = new ScottPlot.MultiplotLayouts.Rows();
        panels.SharedAxes.ShareX(plots);
        // Line the panels' data areas up whatever their tick label widths.
        for (int k = 0; k < plots.Count; k++) plots[k].Layout.Fixed(new PixelPadding(80, 30, k == plots.Count - 1 ? 50 : 8, k == 0 ? 40 : 8));
        return new Chart(plots[0], series) { Panels = panels };
    }
}
