using ActLab.Core.Tensors;
using ActLab.Kernels.Random;

namespace ActLab.Core.Model;

/// <summary>Dropout(p): in training, zero each element with probability p and scale the rest by 1/(1 − p);
/// identity in evaluation (PyTorch's inverted dropout).</summary>
/// <remarks>Caches: the mask (scale or 0 per element).</remarks>
public sealed class Dropout(float p, ulong seed) : ILayer
{
    private Pcg32 _rng = new(seed, 7);
    private Tensor? _y, _dx, _mask;
    private bool _trainingStep;

    /// <summary>The drop probability.</summary>
    public float P { get; } = p is >= 0 and < 1 ? p : throw ActLab.Core.Localization.Texts.Error("p", p, "error.model.dropoutP", p);
    /// <inheritdoc/>
    public IReadOnlyList<Parameter> Parameters => Array.Empty<Parameter>();

    /// <inheritdoc/>
    public Tensor Forward(Tensor x, bool training)
    {
        _trainingStep = training && P > 0;
        if (!_trainingStep) return x;
        _y = Tensor.Reuse(_y, x.Shape);
        _mask = Tensor.Reuse(_mask, x.Shape);
        float scale = 1 / (1 - P);
        for (int i = 0; i < x.Length; i++)
        {
            float m = _rng.NextFloat() < P ? 0f : scale;
            _mask.Data[i] = m;
            _y.Data[i] = x.Data[i] * m;
        }
        return _y;
    }

    /// <inheritdoc/>
    public Tensor Backward(Tensor dy)
    {
        if (!_trainingStep) return dy;
        _dx = Tensor.Reuse(_dx, dy.Shape);
        System.Numerics.Tensors.TensorPrimitives.Multiply(dy.Data, _mask!.Data, _dx.Data);
        return _dx;
    }

    /// <inheritdoc/>
    public string Describe() => $"dropout({P.ToString("R", System.Globalization.CultureInfo.InvariantCulture)})";
}
