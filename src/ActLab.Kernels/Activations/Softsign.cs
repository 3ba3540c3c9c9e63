using System.Runtime.CompilerServices;
using ActLab.Kernels.Simd;

namespace ActLab.Kernels.Activations;

/// <summary>softsign(x) = x / (1 + |x|)</summary>
/// <remarks>softsign′(x) = 1 / (1 + |x|)², with 1 + |x| carried exactly into the square. Like tanh but approaching ±1 polynomially, so it saturates slowly.
/// Range (−1, 1), zero-centred. Bergstra et al. 2009; Turian et al. 2009.</remarks>
public readonly struct Softsign : IUnaryKernel, IBackwardIgnoresOutput
{
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public TF Forward<TF, TD>(TF x) where TF : struct, IFloatVec<TF, TD> where TD : struct, IDoubleVec<TD>
        => x / (TF.Create(1f) + TF.Abs(x));
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public TF Backward<TF, TD>(TF x, TF y, TF dy) where TF : struct, IFloatVec<TF, TD> where TD : struct, IDoubleVec<TD>
    {
        // (1 + |x|)² from the exact sum d + dLo (Fast2Sum, the larger operand first), so that the rounding of 1 + |x|
        // is not doubled by the square: one rounding for the square (FMA), one for the quotient. dLo is taken at |x|
        // capped to 1e30, which gives the same dLo (1 + |x| rounds to |x| there) and keeps it finite at ±∞, where the
        // square is then ∞ and the derivative 0.
        var one = TF.Create(1f);
        var a = TF.Abs(x);
        var d = one + a;
        var ac = TF.MinNative(a, TF.Create(1e30f));
        var dLo = (TF.MaxNative(one, ac) - (one + ac)) + TF.MinNative(one, ac);
        return dy / TF.Fma(d, d, (d + d) * dLo);
    }
}
