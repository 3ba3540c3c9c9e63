using System.Runtime.CompilerServices;
using ActLab.Kernels.Simd;

namespace ActLab.Kernels.Activations;

/// <summary>SiLU(x) = x · σ(x)</summary>
/// <remarks>SiLU′(x) = σ(x)(1 + x(1 − σ(x))), computed in double. Its minimum is about −0.2785 at x ≈ −1.2785.
/// Swish with β = 1 (<c>swish</c> is an alias). Hendrycks &amp; Gimpel 2016, arXiv:1606.08415; Elfwing et al. 2017,
/// arXiv:1702.03118; Ramachandran et al. 2017, arXiv:1710.05941.</remarks>
public readonly struct Silu : IUnaryKernel
{
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public TF Forward<TF, TD>(TF x) where TF : struct, IFloatVec<TF, TD> where TD : struct, IDoubleVec<TD>
        => DMath.Via<TF, TD, Swish.Fwd>(x, new Swish.Fwd(1.0));
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public TF Backward<TF, TD>(TF x, TF y, TF dy) where TF : struct, IFloatVec<TF, TD> where TD : struct, IDoubleVec<TD>
        => dy * DMath.Via<TF, TD, Swish.Grad>(x, new Swish.Grad(1.0));
}
