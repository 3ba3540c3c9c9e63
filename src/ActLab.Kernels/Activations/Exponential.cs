using System.Runtime.CompilerServices;
using ActLab.Kernels.Simd;

namespace ActLab.Kernels.Activations;

/// <summary>f(x) = e^x</summary>
/// <remarks>f′(x) = e^x = y: the backward reads only y, as PyTorch's does (y is within 0.75 ULP, so dy·y is within
/// 1.25 ULP, and the pass streams y and dy instead of recomputing e^x). Overflows to +∞ above x ≈ 88.72 (the true
/// value is not finite there). Keras <c>exponential</c>.</remarks>
public readonly struct Exponential : IUnaryKernel, IBackwardFromOutput
{
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public TF Forward<TF, TD>(TF x) where TF : struct, IFloatVec<TF, TD> where TD : struct, IDoubleVec<TD>
        => FMath.Exp<TF, TD>(x);
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public TF Backward<TF, TD>(TF x, TF y, TF dy) where TF : struct, IFloatVec<TF, TD> where TD : struct, IDoubleVec<TD>
        => dy * y;
}
