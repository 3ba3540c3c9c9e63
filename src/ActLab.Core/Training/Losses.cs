using ActLab.Core.Tensors;
using ActLab.Kernels.Softmax;

namespace ActLab.Core.Training;

/// <summary>A loss got an output outside its domain (BCELoss on a value that is not a probability, NaN included):
/// during training this means divergence, and the trainer rolls back.</summary>
public sealed class LossDomainException(string message, float value) : ActLab.Kernels.InputException("output", value, message);

/// <summary>How a loss reduces its per-element values (PyTorch's <c>reduction</c>).</summary>
public enum Reduction
{
    /// <summary>The (weighted) mean, PyTorch's default.</summary>
    Mean,
    /// <summary>The sum.</summary>
    Sum,
    /// <summary>No reduction: <see cref="Loss.PerElement"/> holds the values; the returned scalar and the gradient are those of their sum.</summary>
    None,
}

/// <summary>A loss as PyTorch computes it: forward returns the reduced value and keeps dL/d(output) for backward.
/// Values are accumulated in double. Buffers are owned and reused, so a fixed batch shape allocates nothing.</summary>
public abstract class Loss(Reduction reduction)
{
    private protected Tensor? Grad;
    private protected float[] Elements = [];

    /// <summary>The reduction.</summary>
    public Reduction Reduction { get; } = reduction;
    /// <summary>Per-element (or per-row) losses of the last forward.</summary>
    public ReadOnlySpan<float> PerElement => Elements;

    /// <summary>The loss of <paramref name="output"/> against <paramref name="target"/>.</summary>
    public abstract float Forward(Tensor output, Tensor target);

    /// <summary>dL/d(output) for the last forward (owned by the loss).</summary>
    public Tensor Backward() => Grad ?? throw new InvalidOperationException("Backward before forward.");

    private protected Span<float> Prepare(Tensor output, int elements)
    {
        Grad = Tensor.Reuse(Grad, output.Shape);
        if (Elements.Length != elements) Elements = new float[elements];
        return Grad.Data;
    }

    private protected double Scale(int count) => Reduction == Reduction.Mean ? 1.0 / count : 1.0;

    private protected static void SameShape(Tensor output, Tensor target, string name)
    {
        if (!output.HasShape(target.Shape))
            throw ActLab.Core.Localization.Texts.Error("target", string.Join(",", target.Shape), "error.loss.shape", name, string.Join(", ", target.Shape), string.Join(", ", output.Shape));
    }
}

/// <summary>BCELoss: l = −w·[y·max(ln x, −100) + (1 − y)·max(ln(1 − x), −100)] on probabilities x ∈ [0, 1].</summary>
/// <remarks>dl/dx = w·(x − y)/max(x(1 − x), 1e-12), the clamps as in PyTorch's kernel; the clamped log makes the
/// gradient vanish for saturated outputs (pytorch#103316), which is why BCE-with-logits is preferred.</remarks>
public sealed class BceLoss(float[]? weight = null, Reduction reduction = Reduction.Mean) : Loss(reduction)
{
    /// <inheritdoc/>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    public override float Forward(Tensor output, Tensor target)
    {
        SameShape(output, target, "BCELoss");
        var g = Prepare(output, output.Length);
        double sum = 0, scale = Scale(output.Length);
        for (int i = 0; i < output.Length; i++)
        {
            double x = output.Data[i], y = target.Data[i], w = weight is null ? 1 : weight[i % weight.Length];
            if (!(x >= 0 && x <= 1))
                throw new LossDomainException($"BCELoss: all elements of input should be between 0 and 1; element {i} is {output.Data[i]}.", output.Data[i]);
            // A hard label multiplies one of the two clamped logs by 0: skip computing it (same value).
            double l = y == 1 ? -w * Math.Max(Math.Log(x), -100)
                : y == 0 ? -w * Math.Max(Math.Log(1 - x), -100)
                : -w * (y * Math.Max(Math.Log(x), -100) + (1 - y) * Math.Max(Math.Log(1 - x), -100));
            Elements[i] = (float)l;
            sum += l;
            g[i] = (float)(w * (x - y) / Math.Max(x * (1 - x), 1e-12) * scale);
        }
        return (float)(sum * scale);
    }
}

/// <summary>BCEWithLogitsLoss: l = (1 − y)x + lw·(ln(1 + e^(−|x|)) + max(−x, 0)), lw = 1 + (p − 1)y, on logits x.</summary>
/// <remarks>dl/dx = (p·y + 1 − y)·σ(x) − p·y. Never overflows for finite x (pytorch#24933). pos_weight p is one value
/// per class (the last dimension), default 1.</remarks>
public sealed class BceWithLogitsLoss(float[]? posWeight = null, float[]? weight = null, Reduction reduction = Reduction.Mean) : Loss(reduction)
{
    /// <inheritdoc/>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    public override float Forward(Tensor output, Tensor target)
    {
        SameShape(output, target, "BCEWithLogitsLoss");
        var g = Prepare(output, output.Length);
        double sum = 0, scale = Scale(output.Length);
        int cols = output.Cols;
        for (int i = 0; i < output.Length; i++)
        {
            double x = output.Data[i], y = target.Data[i];
            double p = posWeight is null ? 1 : posWeight[i % cols % posWeight.Length];
            double w = weight is null ? 1 : weight[i % weight.Length];
            double lw = 1 + (p - 1) * y;
            double l = w * ((1 - y) * x + lw * (Math.Log(1 + Math.Exp(-Math.Abs(x))) + Math.Max(-x, 0)));
            Elements[i] = (float)l;
            sum += l;
            double s = x >= 0 ? 1 / (1 + Math.Exp(-x)) : Math.Exp(x) / (1 + Math.Exp(x));
            g[i] = (float)(w * ((p * y + 1 - y) * s - p * y) * scale);
        }
        return (float)(sum * scale);
    }
}

/// <summary>MSELoss: (x − y)², mean over all elements.</summary>
public sealed class MseLoss(Reduction reduction = Reduction.Mean) : Loss(reduction)
{
    /// <inheritdoc/>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    public override float Forward(Tensor output, Tensor target)
    {
        SameShape(output, target, "MSELoss");
        var g = Prepare(output, output.Length);
        double sum = 0, scale = Scale(output.Length);
        for (int i = 0; i < output.Length; i++)
        {
            double d = (double)output.Data[i] - target.Data[i];
            Elements[i] = (float)(d * d);
            sum += d * d;
            g[i] = (float)(2 * d * scale);
        }
        return (float)(sum * scale);
    }
}

/// <summary>L1Loss: |x − y|; gradient sign(x − y), 0 where x = y.</summary>
public sealed class L1Loss(Reduction reduction = Reduction.Mean) : Loss(reduction)
{
    /// <inheritdoc/>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    public override float Forward(Tensor output, Tensor target)
    {
        SameShape(output, target, "L1Loss");
        var g = Prepare(output, output.Length);
        double sum = 0, scale = Scale(output.Length);
        for (int i = 0; i < output.Length; i++)
        {
            double d = (double)output.Data[i] - target.Data[i];
            Elements[i] = (float)Math.Abs(d);
            sum += Math.Abs(d);
            g[i] = (float)(Math.Sign(d) * scale);
        }
        return (float)(sum * scale);
    }
}

/// <summary>
/// CrossEntropyLoss on logits [N, C] with class-index targets (a [N] tensor of whole numbers) or probability targets
/// ([N, C]): nll(log_softmax(x), y) with class weights, ignore_index and label smoothing as PyTorch computes them.
/// </summary>
/// <remarks>Mean reduction with index targets divides by Σ w_{y_n} over rows not ignored (NaN when all are ignored,
/// as PyTorch); with probability targets it divides by N. dL/dx = softmax(x)·Σ_c g_c − g with g = −∂L/∂logp.</remarks>
public sealed class CrossEntropyLoss(float[]? weight = null, int ignoreIndex = -100, float labelSmoothing = 0, Reduction reduction = Reduction.Mean, bool inputIsLogProbabilities = false) : Loss(reduction)
{
    private Tensor? _logp;
    private float[] _dlogp = [];
    private int[] _shape = [0, 0];

    /// <summary>Label smoothing ε in [0, 1].</summary>
    public float LabelSmoothing { get; } = labelSmoothing is >= 0 and <= 1 ? labelSmoothing : throw ActLab.Core.Localization.Texts.Error("labelSmoothing", labelSmoothing, "error.loss.smoothing", labelSmoothing);

    /// <inheritdoc/>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    public override float Forward(Tensor output, Tensor target)
    {
        int n = output.Rows, c = output.Cols;
        bool probabilities = target.HasShape(output.Shape);
        if (!probabilities && target.Length != n)
            throw ActLab.Core.Localization.Texts.Error("target", string.Join(",", target.Shape), "error.loss.ceTargets", n, n, c, string.Join(", ", target.Shape));
        var g = Prepare(output, n);
        _logp = Tensor.Reuse(_logp, n, c);
        if (_shape[0] != n || _shape[1] != c) _shape = [n, c];
        if (inputIsLogProbabilities) output.Data.AsSpan().CopyTo(_logp.Data);
        else SoftmaxKernels.LogSoftmax(output.Data, _logp.Data, _shape, -1);
        if (_dlogp.Length != n * c) _dlogp = new float[n * c];
        double eps = LabelSmoothing, total = 0, denominator = 0;
        for (int r = 0; r < n; r++)
        {
            var lp = _logp.Data.AsSpan(r * c, c);
            var d = _dlogp.AsSpan(r * c, c);
            d.Clear();
            double l = 0;
            if (probabilities)
            {
                for (int k = 0; k < c; k++)
                {
                    double t = target.Data[r * c + k] * (1 - eps) + eps / c, w = W(k);
                    l -= w * t * lp[k];
                    d[k] = (float)(-w * t);
                }
                denominator += 1;
            }
            else
            {
                float raw = target.Data[r];
                int y = (int)raw;
                if (y != raw) throw ActLab.Core.Localization.Texts.Error("target", raw, "error.loss.ceIndex", r, raw);
                if (y == ignoreIndex) { Elements[r] = 0; continue; }
                if (y < 0 || y >= c) throw ActLab.Core.Localization.Texts.Error("target", y, "error.loss.ceBounds", r, y, c);
                double wy = W(y);
                l = -(1 - eps) * wy * lp[y];
                d[y] = (float)(-(1 - eps) * wy);
                if (eps > 0)
                    for (int k = 0; k < c; k++)
                    {
                        l -= eps / c * W(k) * lp[k];
                        d[k] -= (float)(eps / c * W(k));
                    }
                denominator += weight is null ? 1 : wy;
            }
            Elements[r] = (float)l;
            total += l;
        }
        double scale = Reduction == Reduction.Mean ? 1 / denominator : 1;
        for (int i = 0; i < _dlogp.Length; i++) _dlogp[i] = (float)(_dlogp[i] * scale);
        if (inputIsLogProbabilities) _dlogp.AsSpan().CopyTo(g);
        else SoftmaxKernels.LogSoftmaxBackward(_logp.Data, _dlogp, g, _shape, -1);
        return (float)(total * scale);
    }

    private double W(int k) => weight is null ? 1 : weight[k];
}
