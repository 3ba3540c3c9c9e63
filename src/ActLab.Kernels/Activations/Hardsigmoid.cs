using ActLab.Kernels.Simd;

namespace ActLab.Kernels.Activations;

/// <summary>f(x) = min(max(x + 3, 0), 6) / 6</summary>
/// <remarks>f′(x) = 1/6 for −3 &lt; x &lt; 3, else 0 (<b>0 at ±3</b>, PyTorch). Computed in PyTorch's order, so
/// the result is the same float. Howard et al. 2019 (MobileNetV3), arXiv:1905.02244.</remarks>
public readonly struct Hardsigmoid : IUnaryKernel
{
    /// <inheritdoc/>
    public TF Forward<TF, TD>(TF x) where TF : struct, IFloatVec<TF, TD> where TD : struct, IDoubleVec<TD>
        => TF.Min(TF.Max(x + TF.Create(3f), TF.Create(0f)), TF.Create(6f)) / TF.Create(6f);
    /// <inheritdoc/>
    public TF Backward<TF, TD>(TF x, TF y, TF dy) where TF : struct, IFloatVec<TF, TD> where TD : struct, IDoubleVec<TD>
        => TF.Select(TF.GreaterThan(x, TF.Create(-3f)) & TF.LessThan(x, TF.Create(3f)), dy / TF.Create(6f), TF.Create(0f));
}
