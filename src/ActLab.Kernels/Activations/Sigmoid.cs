using System.Runtime.CompilerServices;
using ActLab.Kernels.Simd;

namespace ActLab.Kernels.Activations;

/// <summary>σ(x) = 1 / (1 + e^(−x))</summary>
/// <remarks>σ′(x) = σ(x)(1 − σ(x)), at most <b>0.25, at x = 0</b>: the vanishing-gradient factor of the tutorials.
/// Computed as e/(1 + e) with e = e^(−|x|) for x &lt; 0, so no overflow and tiny results keep their subnormal
/// value (PyTorch's 1/(1 + e^(−x)) flushes to 0 below −88.7). The derivative is computed from x as e/(1 + e)² in
/// float (within 2 ULP), which stays exact where PyTorch's y(1 − y) from the output cancels (up to 256 ULP
/// where |σ′| ≥ 1e-3, measured in docs/accuracy.md). Saturates in float32: σ rounds to 1 above x ≈ 17.33 (PyTorch's formula already above 16.64, where 1 + e^(−x)
/// rounds to 1).
/// Output range (0, 1), not zero-centred.</remarks>
public readonly struct Sigmoid : IUnaryKernel, IBackwardIgnoresOutput
{
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public TF Forward<TF, TD>(TF x) where TF : struct, IFloatVec<TF, TD> where TD : struct, IDoubleVec<TD>
        => FMath.Sigmoid<TF, TD>(x);
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public TF Backward<TF, TD>(TF x, TF y, TF dy) where TF : struct, IFloatVec<TF, TD> where TD : struct, IDoubleVec<TD>
        => dy * FMath.SigmoidDerivative<TF, TD>(x);
}
