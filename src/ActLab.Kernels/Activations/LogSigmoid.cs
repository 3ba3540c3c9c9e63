using System.Runtime.CompilerServices;
using ActLab.Kernels.Simd;

namespace ActLab.Kernels.Activations;

/// <summary>log σ(x) = −ln(1 + e^(−x))</summary>
/// <remarks>(log σ)′(x) = σ(−x) = 1 − σ(x). Evaluated in float as min(x, 0) − ln(1 + e^(−|x|)) (PyTorch's
/// kernel, with an accurate log1p), which neither overflows at −300 nor loses the small values at +20.
/// The backward reads only y, as PyTorch's reads its saved buffer: σ(−x) = 1 − e^y = −expm1(y), one expm1 and no
/// division. It stays exact where σ(−x) is small (x large, y ≈ −e^(−x) is carried to full relative precision, and
/// expm1 does not cancel); y's relative error passes to the result damped by |y|·e^y/(1 − e^y) ≤ 1.
/// Range (−∞, 0).</remarks>
public readonly struct LogSigmoid : IUnaryKernel, IBackwardFromOutput
{
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public TF Forward<TF, TD>(TF x) where TF : struct, IFloatVec<TF, TD> where TD : struct, IDoubleVec<TD>
        => TF.Min(x, TF.Create(0f)) - FMath.Log1pUnit<TF, TD>(FMath.ExpNonPositive<TF, TD>(-TF.Abs(x)));
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public TF Backward<TF, TD>(TF x, TF y, TF dy) where TF : struct, IFloatVec<TF, TD> where TD : struct, IDoubleVec<TD>
        => dy * -FMath.Expm1NonPositive<TF, TD>(y);
}
