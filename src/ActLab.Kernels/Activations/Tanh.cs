using System.Runtime.CompilerServices;
using ActLab.Kernels.Simd;

namespace ActLab.Kernels.Activations;

/// <summary>tanh(x) = (e^x − e^(−x)) / (e^x + e^(−x))</summary>
/// <remarks>tanh′(x) = 1 − tanh²(x) = sech²(x), at most 1 at x = 0; computed from x as 4e/(1 + e)² with
/// e = e^(−2|x|) in float so that it does not cancel (1 − y², from the output as PyTorch does, is off by up to 763 ULP
/// where |tanh′| ≥ 1e-3, measured in docs/accuracy.md). Forward: an odd polynomial below |x| = 0.625, else 1 − 2e/(1 + e).
/// Saturates in float32: rounds to ±1 beyond |x| ≈ 9.01. Range (−1, 1), zero-centred.</remarks>
public readonly struct Tanh : IUnaryKernel, IBackwardIgnoresOutput
{
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public TF Forward<TF, TD>(TF x) where TF : struct, IFloatVec<TF, TD> where TD : struct, IDoubleVec<TD>
        => FMath.Tanh<TF, TD>(x);
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public TF Backward<TF, TD>(TF x, TF y, TF dy) where TF : struct, IFloatVec<TF, TD> where TD : struct, IDoubleVec<TD>
        => dy * FMath.TanhDerivative<TF, TD>(x);
}
