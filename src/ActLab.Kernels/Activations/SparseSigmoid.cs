using System.Runtime.CompilerServices;
using ActLab.Kernels.Simd;

namespace ActLab.Kernels.Activations;

/// <summary>f(x) = 0 if x ≤ −1, (x + 1)/2 if −1 &lt; x &lt; 1, 1 if x ≥ 1</summary>
/// <remarks>f′(x) = 1/2 for −1 &lt; x &lt; 1, else 0 (<b>0 at ±1</b>). Keras <c>sparse_sigmoid</c>; Blondel et al.
/// 2019, arXiv:1901.02324.</remarks>
public readonly struct SparseSigmoid : IUnaryKernel, IBackwardIgnoresOutput
{
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public TF Forward<TF, TD>(TF x) where TF : struct, IFloatVec<TF, TD> where TD : struct, IDoubleVec<TD>
    {
        var one = TF.Create(1f);
        var mid = (x + one) * TF.Create(0.5f);
        return TF.Select(TF.LessThanOrEqual(x, -one), TF.Create(0f), TF.Select(TF.GreaterThanOrEqual(x, one), one, mid));
    }
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public TF Backward<TF, TD>(TF x, TF y, TF dy) where TF : struct, IFloatVec<TF, TD> where TD : struct, IDoubleVec<TD>
        => TF.Select(TF.GreaterThan(x, TF.Create(-1f)) & TF.LessThan(x, TF.Create(1f)), dy * TF.Create(0.5f), TF.Create(0f));
}
