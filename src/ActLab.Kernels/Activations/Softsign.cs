using System.Runtime.CompilerServices;
using ActLab.Kernels.Simd;

namespace ActLab.Kernels.Activations;

/// <summary>softsign(x) = x / (1 + |x|)</summary>
/// <remarks>softsign′(x) = 1 / (1 + |x|)². Like tanh but approaching ±1 polynomially, so it saturates slowly.
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
        var d = TF.Create(1f) + TF.Abs(x);
        return dy / (d * d);
    }
}
