using ActLab.Core.Data;
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

    /// <summary>Builds the chart: one step-line histogram per activation layer, as fractions of the values.</summary>
    public static Chart Build(string runDir, Kind kind, string? dataPath = null, int bins = 50, int maxRows = 2000, string? title = null)
    {
        if (bins is < 2 or > 1000) throw new InputException("bins", bins, $"Bins must be 2..1000; got {bins}.");
        var model = TrainedRun.Load(runDir);
        string path = dataPath ?? model.DataPath ?? throw new InputException("data", runDir, $"The run '{InputException.Show(runDir)}' does not name a data file that still exists; pass one.");
        var data = CsvTable.Read(path, model.LabelName, model.Task == TaskKind.Regression, model.Task == TaskKind.Regression ? null : model.Classes, features: model.Features);
        var features = model.Standardize(data.Features);
        int n = Math.Min(data.Count, maxRows), d = data.FeatureNames.Length;
        var x = new Tensor(n, d);
        for (int i = 0; i < n; i++) features[i].CopyTo(x.Data, i * d);
        var layers = model.Model.Layers;
        var outputs = new List<(string Name, float[] Values)>();
        var act = x;
        var inputs = new Tensor[layers.Count];
        for (int i = 0; i < layers.Count; i++)
        {
            inputs[i] = act;
            act = layers[i].Forward(act, training: false);
            if (layers[i] is ActivationLayer a && i < layers.Count - 1) outputs.Add(($"layer {i} ({a.Describe()})", (float[])act.Data.Clone()));
            else if (layers[i] is ActivationLayer a2 && kind == Kind.Activations) outputs.Add(($"output {i} ({a2.Describe()})", (float[])act.Data.Clone()));
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
                if (layers[i] is ActivationLayer a && i < layers.Count - 1) outputs.Insert(0, ($"layer {i} ({a.Describe()})", (float[])g.Data.Clone()));
                if (i > 0 && layers[i] is Linear lin) lin.ComputeInputGradient = true;
                g = layers[i].Backward(g);
            }
        }
        if (outputs.Count == 0) throw new InputException("run", runDir, $"The model '{model.Definition.Canonical}' has no hidden activation layer to show.");
        double lo = outputs.Min(o => o.Values.Where(float.IsFinite).DefaultIfEmpty(0).Min()), hi = outputs.Max(o => o.Values.Where(float.IsFinite).DefaultIfEmpty(0).Max());
        if (hi - lo < 1e-12) { lo -= 0.5; hi += 0.5; }
        var plot = new Plot();
        plot.Font.Set("DejaVu Sans");
        var series = new List<Series>();
        for (int k = 0; k < outputs.Count; k++)
        {
            var counts = new double[bins];
            foreach (var v in outputs[k].Values)
                if (float.IsFinite(v)) counts[Math.Min(bins - 1, (int)((v - lo) / (hi - lo) * bins))]++;
            double total = Math.Max(1, counts.Sum());
            var centers = Enumerable.Range(0, bins).Select(b => lo + (hi - lo) * (b + 0.5) / bins).ToArray();
            var fractions = counts.Select(c => c / total).ToArray();
            var line = plot.Add.ScatterLine(centers, fractions);
            line.ConnectStyle = ConnectStyle.StepHorizontal;
            line.Color = Charts.Palette[k % Charts.Palette.Length];
            line.LineWidth = 2;
            line.LegendText = outputs[k].Name;
            series.Add(new Series(outputs[k].Name, centers, fractions));
        }
        string name = Charts.ShortName(model.Model, model.Definition.Canonical);
        plot.Title(title ?? (kind == Kind.Activations ? $"Activations per layer: {name}" : $"Loss gradient at each hidden activation: {name}"));
        plot.XLabel(kind == Kind.Activations ? "activation value" : "∂loss/∂activation");
        plot.YLabel($"fraction of values ({n} rows)");
        plot.ShowLegend(Alignment.UpperRight);
        return new Chart(plot, series);
    }

}
