using System.Runtime.CompilerServices;
using ActLab.Kernels.Simd;

namespace ActLab.Kernels.Activations;

/// <summary>f(x) = 0 if x ≤ −1, (x + 1)²/4 if −1 &lt; x &lt; 1, x if x ≥ 1</summary>
/// <remarks>f′(x) = 0 for x ≤ −1, (x + 1)/2 for −1 &lt; x &lt; 1, 1 for x ≥ 1 (continuous: no kink). Keras
/// <c>sparse_plus</c>, a smooth-at-the-joins ReLU whose gradient is sparse-sigmoid. The quadratic is evaluated in
/// double and rounded once (correctly rounded).</remarks>
public readonly struct SparsePlus : IUnaryKernel, IBackwardIgnoresOutput
{
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public TF Forward<TF, TD>(TF x) where TF : struct, IFloatVec<TF, TD> where TD : struct, IDoubleVec<TD>
    {
        var one = TF.Create(1f);
        return TF.Select(TF.LessThanOrEqual(x, -one), TF.Create(0f), TF.Select(TF.GreaterThanOrEqual(x, one), x, DMath.Via<TF, TD, Quadratic>(x, default)));
    }
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public TF Backward<TF, TD>(TF x, TF y, TF dy) where TF : struct, IFloatVec<TF, TD> where TD : struct, IDoubleVec<TD>
    {
        var one = TF.Create(1f);
        var mid = (x + one) * TF.Create(0.5f);
        return dy * TF.Select(TF.LessThanOrEqual(x, -one), TF.Create(0f), TF.Select(TF.GreaterThanOrEqual(x, one), one, mid));
    }

    private readonly struct Quadratic : IDFunc
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public TD2 Apply<TD2>(TD2 x) where TD2 : struct, IDoubleVec<TD2>
        {
            var t = x + TD2.Create(1);
            return t * t * TD2.Create(0.25);
        }
    }
}
