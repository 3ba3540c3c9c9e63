using System.Runtime.CompilerServices;
using ActLab.Kernels.Simd;

namespace ActLab.Kernels.Activations;

/// <summary>f(x) = max(0, x)²</summary>
/// <remarks>f′(x) = 2·max(0, x) (0 at x = 0). Overflows to +∞ above about 1.8e19, as x² does. So et al. 2021
/// ("Primer"), arXiv:2109.08668.</remarks>
public readonly struct SquaredRelu : IUnaryKernel, IBackwardIgnoresOutput
{
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public TF Forward<TF, TD>(TF x) where TF : struct, IFloatVec<TF, TD> where TD : struct, IDoubleVec<TD>
    {
        var r = new Relu().Forward<TF, TD>(x);
        return r * r;
    }
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public TF Backward<TF, TD>(TF x, TF y, TF dy) where TF : struct, IFloatVec<TF, TD> where TD : struct, IDoubleVec<TD>
        => TF.Select(TF.LessThanOrEqual(x, TF.Create(0f)), TF.Create(0f), dy * (x + x));
}
