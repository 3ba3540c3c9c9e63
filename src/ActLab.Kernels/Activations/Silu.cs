using System.Runtime.CompilerServices;
using ActLab.Kernels.Simd;

namespace ActLab.Kernels.Activations;

/// <summary>SiLU(x) = x · σ(x)</summary>
/// <remarks>SiLU′(x) = σ(x)(1 + x(1 − σ(x))), in float, exact enough across its zero at x ≈ −1.2785 (the minimum,
/// about −0.2785) through <see cref="FMath.SigmoidProductDerivative{TF, TD}"/>.
/// Swish with β = 1 (<c>swish</c> is an alias). Hendrycks &amp; Gimpel 2016, arXiv:1606.08415; Elfwing et al. 2017,
/// arXiv:1702.03118; Ramachandran et al. 2017, arXiv:1710.05941.</remarks>
public readonly struct Silu : IUnaryKernel, IBackwardIgnoresOutput
{
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public TF Forward<TF, TD>(TF x) where TF : struct, IFloatVec<TF, TD> where TD : struct, IDoubleVec<TD>
        => Swish.Forward<TF, TD>(x, 1f);
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public TF Backward<TF, TD>(TF x, TF y, TF dy) where TF : struct, IFloatVec<TF, TD> where TD : struct, IDoubleVec<TD>
        => dy * Swish.Derivative<TF, TD>(x, 1f);
}
