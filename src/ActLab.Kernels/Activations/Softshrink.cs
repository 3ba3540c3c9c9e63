using System.Runtime.CompilerServices;
using ActLab.Kernels.Simd;

namespace ActLab.Kernels.Activations;

/// <summary>f(x) = x − λ if x &gt; λ, x + λ if x &lt; −λ, else 0</summary>
/// <remarks>f′(x) = 0 for |x| ≤ λ (<b>0 at ±λ</b>), else 1. λ = <c>lambd</c> ≥ 0, default 0.5. The proximal
/// operator of λ|x| (soft thresholding).</remarks>
public readonly struct Softshrink(float lambd = 0.5f) : IUnaryKernel, IBackwardIgnoresOutput
{
    /// <summary>The half-width λ of the zeroed band.</summary>
    public float Lambd { get; } = lambd;
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public TF Forward<TF, TD>(TF x) where TF : struct, IFloatVec<TF, TD> where TD : struct, IDoubleVec<TD>
    {
        var l = TF.Create(Lambd);
        var r = TF.Select(TF.GreaterThan(x, l), x - l, TF.Select(TF.LessThan(x, -l), x + l, x * TF.Create(0f)));
        return r;
    }
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public TF Backward<TF, TD>(TF x, TF y, TF dy) where TF : struct, IFloatVec<TF, TD> where TD : struct, IDoubleVec<TD>
        => TF.Select(TF.GreaterThanOrEqual(x, TF.Create(-Lambd)) & TF.LessThanOrEqual(x, TF.Create(Lambd)), TF.Create(0f), dy);
}
