using System.Runtime.CompilerServices;
using ActLab.Kernels.Simd;

namespace ActLab.Kernels.Activations;

/// <summary>f(x) = −1 if x &lt; 0, 0 if x = 0, 1 if x &gt; 0 (<c>torch.sign</c>)</summary>
/// <remarks>f′(x) = 0 (autograd's <c>sign</c> backward is zeros). NaN gives NaN.</remarks>
public readonly struct Sign : IUnaryKernel, IBackwardIgnoresOutput
{
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public TF Forward<TF, TD>(TF x) where TF : struct, IFloatVec<TF, TD> where TD : struct, IDoubleVec<TD>
    {
        var zero = TF.Create(0f);
        var s = TF.Select(TF.GreaterThan(x, zero), TF.Create(1f), TF.Select(TF.LessThan(x, zero), TF.Create(-1f), zero));
        return TF.Select(TF.IsNaN(x), x, s);
    }
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public TF Backward<TF, TD>(TF x, TF y, TF dy) where TF : struct, IFloatVec<TF, TD> where TD : struct, IDoubleVec<TD>
        => TF.Create(0f);
}
