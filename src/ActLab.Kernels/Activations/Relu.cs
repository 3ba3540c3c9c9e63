using System.Runtime.CompilerServices;
using ActLab.Kernels.Simd;

namespace ActLab.Kernels.Activations;

/// <summary>f(x) = max(0, x)</summary>
/// <remarks>f′(x) = 1 for x &gt; 0, else 0, and <b>0 at x = 0</b> as PyTorch (the minimum-norm subgradient,
/// pinned by its tests). NaN propagates forward; backward passes dy for NaN input, as PyTorch's
/// <c>threshold_backward</c> does. Units whose input stays negative get no gradient ("dying ReLU").
/// Nair &amp; Hinton 2010.</remarks>
public readonly struct Relu : IUnaryKernel, IBackwardIgnoresOutput
{
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public TF Forward<TF, TD>(TF x) where TF : struct, IFloatVec<TF, TD> where TD : struct, IDoubleVec<TD>
        => TF.Select(TF.LessThan(x, TF.Create(0f)), TF.Create(0f), x);
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public TF Backward<TF, TD>(TF x, TF y, TF dy) where TF : struct, IFloatVec<TF, TD> where TD : struct, IDoubleVec<TD>
        => TF.Select(TF.LessThanOrEqual(x, TF.Create(0f)), TF.Create(0f), dy);
}
