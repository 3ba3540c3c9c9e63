using ActLab.Kernels.Simd;

namespace ActLab.Kernels.Activations;

/// <summary>f(x) = x · min(max(x + 3, 0), 6) / 6</summary>
/// <remarks>f′(x) = 0 for x &lt; −3, x/3 + 1/2 for −3 ≤ x ≤ 3, 1 for x &gt; 3: PyTorch's kernel, whose closed
/// intervals give <b>−0.5 at x = −3 and 1.5 at x = 3</b>. Howard et al. 2019, arXiv:1905.02244.</remarks>
public readonly struct Hardswish : IUnaryKernel
{
    /// <inheritdoc/>
    public TF Forward<TF, TD>(TF x) where TF : struct, IFloatVec<TF, TD> where TD : struct, IDoubleVec<TD>
        => x * TF.Min(TF.Max(x + TF.Create(3f), TF.Create(0f)), TF.Create(6f)) / TF.Create(6f);
    /// <inheritdoc/>
    public TF Backward<TF, TD>(TF x, TF y, TF dy) where TF : struct, IFloatVec<TF, TD> where TD : struct, IDoubleVec<TD>
    {
        var mid = dy * (x / TF.Create(3f) + TF.Create(0.5f));
        return TF.Select(TF.LessThan(x, TF.Create(-3f)), TF.Create(0f), TF.Select(TF.LessThanOrEqual(x, TF.Create(3f)), mid, dy));
    }
}
