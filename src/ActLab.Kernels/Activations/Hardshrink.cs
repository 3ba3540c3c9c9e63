using System.Runtime.CompilerServices;
using ActLab.Kernels.Simd;

namespace ActLab.Kernels.Activations;

/// <summary>f(x) = 0 if −λ ≤ x ≤ λ, else x</summary>
/// <remarks>f′(x) = 0 for |x| ≤ λ (<b>0 at ±λ</b>), else 1. λ = <c>lambd</c>, default 0.5.</remarks>
public readonly struct Hardshrink(float lambd = 0.5f) : IUnaryKernel, IBackwardIgnoresOutput
{
    /// <summary>The half-width λ of the zeroed band.</summary>
    public float Lambd { get; } = lambd;
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public TF Forward<TF, TD>(TF x) where TF : struct, IFloatVec<TF, TD> where TD : struct, IDoubleVec<TD>
        => TF.Select(InBand<TF, TD>(x), TF.Create(0f), x);
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public TF Backward<TF, TD>(TF x, TF y, TF dy) where TF : struct, IFloatVec<TF, TD> where TD : struct, IDoubleVec<TD>
        => TF.Select(InBand<TF, TD>(x), TF.Create(0f), dy);
    private TF InBand<TF, TD>(TF x) where TF : struct, IFloatVec<TF, TD> where TD : struct, IDoubleVec<TD>
        => TF.GreaterThanOrEqual(x, TF.Create(-Lambd)) & TF.LessThanOrEqual(x, TF.Create(Lambd));
}
