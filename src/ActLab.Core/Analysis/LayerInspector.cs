using ActLab.Core.Model;
using ActLab.Core.Tensors;
using ActLab.Core.Training;

namespace ActLab.Core.Analysis;

/// <summary>What one hidden layer (a Linear followed by an activation) does on a batch.</summary>
/// <param name="Index">The Linear layer's position in the model.</param>
/// <param name="Activation">The activation's spec.</param>
/// <param name="Units">Output units of the layer.</param>
/// <param name="PreMean">Mean of the pre-activations (the Linear outputs).</param>
/// <param name="PreStd">Their standard deviation.</param>
/// <param name="ActMean">Mean of the activations (zero-centring shows here).</param>
/// <param name="ActStd">Their standard deviation.</param>
/// <param name="SaturatedFraction">Fraction of (example, unit) pairs where |f′(pre)| &lt; the saturation threshold.</param>
/// <param name="DeadFraction">Fraction of units whose activation is exactly 0 for every example (dead ReLU units).</param>
/// <param name="WeightGradNorm">‖∂L/∂W‖ (Nielsen's "speed of learning" of the layer).</param>
/// <param name="BiasGradNorm">‖∂L/∂b‖.</param>
/// <param name="UpdateRatio">lr·‖∂L/∂W‖/‖W‖, the size of a plain gradient step relative to the weights (CS231n: ≈ 1e-3 is healthy).</param>
/// <param name="IsOutput">Whether this is the model's output layer rather than a hidden one.</param>
public sealed record LayerStats(int Index, string Activation, int Units, double PreMean, double PreStd, double ActMean, double ActStd,
    double SaturatedFraction, double DeadFraction, double WeightGradNorm, double BiasGradNorm, double UpdateRatio, bool IsOutput);

/// <summary>Per-layer statistics of a model on a batch: one forward in evaluation mode and one backward of the loss.</summary>
public static class LayerInspector
{
    /// <summary>|f′| below this counts as saturated.</summary>
    public const double SaturationThreshold = 0.01;

    /// <summary>Inspects <paramref name="model"/> on (<paramref name="x"/>, <paramref name="y"/>) with <paramref name="loss"/>.</summary>
    public static IReadOnlyList<LayerStats> Inspect(Sequential model, Loss loss, Tensor x, Tensor y, double learningRate)
    {
        var layers = model.Layers;
        var outputs = new Tensor[layers.Count];
        var a = x;
        for (int i = 0; i < layers.Count; i++)
        {
            a = layers[i].Forward(a, training: false);
            outputs[i] = new Tensor((float[])a.Data.Clone(), (int[])a.Shape.Clone());
        }
        loss.Forward(a, y);
        model.Backward(loss.Backward()); // parameter gradients of every layer (the data's own gradient is not needed)

        var stats = new List<LayerStats>();
        for (int i = 0; i + 1 < layers.Count; i++)
        {
            if (layers[i] is not Linear linear || layers[i + 1] is not ActivationLayer act) continue;
            var pre = outputs[i];
            var post = outputs[i + 1];
            var deriv = new float[pre.Length];
            var ones = new float[pre.Length];
            Array.Fill(ones, 1f);
            act.Activation.Backward(pre.Data, post.Data, ones, deriv, pre.Shape);
            int units = linear.Out, rows = pre.Rows;
            int dead = 0;
            for (int u = 0; u < units; u++)
            {
                bool allZero = true;
                for (int r = 0; r < rows && allZero; r++) allZero = post.Data[r * units + u] == 0;
                if (allZero) dead++;
            }
            double wNorm = Norm(linear.Weight.Value), gNorm = Norm(linear.Weight.Grad);
            stats.Add(new LayerStats(i, act.Describe(), units, Mean(pre.Data), Std(pre.Data), Mean(post.Data), Std(post.Data),
                deriv.Count(d => Math.Abs(d) < SaturationThreshold) / (double)deriv.Length, (double)dead / units,
                gNorm, Norm(linear.Bias.Grad), wNorm == 0 ? double.NaN : learningRate * gNorm / wNorm, IsOutput: i + 2 == layers.Count));
        }
        return stats;
    }

    /// <summary>‖δ‖ of the first hidden layer over ‖δ‖ of the last (δ = ∂L/∂b, Nielsen's "speed of learning"): well below
    /// 1 when gradients vanish toward the input. NaN with fewer than two hidden layers.</summary>
    public static double GradientProfile(IReadOnlyList<LayerStats> stats)
    {
        var hidden = stats.Where(s => !s.IsOutput).ToList();
        return hidden.Count < 2 || hidden[^1].BiasGradNorm == 0 ? double.NaN : hidden[0].BiasGradNorm / hidden[^1].BiasGradNorm;
    }

    private static double Mean(float[] v) => v.Average(x => (double)x);
    private static double Std(float[] v) { double m = Mean(v); return Math.Sqrt(v.Average(x => (x - m) * (x - m))); }
    private static double Norm(float[] v) => Math.Sqrt(v.Sum(x => (double)x * x));
}
