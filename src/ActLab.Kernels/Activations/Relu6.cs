using System.Runtime.CompilerServices;
using ActLab.Kernels.Simd;

namespace ActLab.Kernels.Activations;

/// <summary>f(x) = min(max(0, x), 6)</summary>
/// <remarks>f′(x) = 1 for 0 &lt; x &lt; 6, else 0, <b>0 at x = 0 and x = 6</b> as PyTorch. Krizhevsky 2010;
/// MobileNet.</remarks>
public readonly struct Relu6 : IUnaryKernel, IBackwardIgnoresOutput
{
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public TF Forward<TF, TD>(TF x) where TF : struct, IFloatVec<TF, TD> where TD : struct, IDoubleVec<TD>
        => new Hardtanh(0f, 6f).Forward<TF, TD>(x);
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public TF Backward<TF, TD>(TF x, TF y, TF dy) where TF : struct, IFloatVec<TF, TD> where TD : struct, IDoubleVec<TD>
        => new Hardtanh(0f, 6f).Backward<TF, TD>(x, y, dy);
}
