using System.Runtime.CompilerServices;
using ActLab.Kernels.Simd;

namespace ActLab.Kernels.Activations;

/// <summary>f(x) = x if x &gt; 0, else negative_slope·x</summary>
/// <remarks>f′(x) = 1 for x &gt; 0, else negative_slope, which PyTorch also returns <b>at x = 0</b>.
/// Default slope 0.01 (PyTorch); Keras uses 0.2 or 0.3 and seed 001 uses 0.1. Maas, Hannun &amp; Ng 2013.</remarks>
public readonly struct LeakyRelu(float negativeSlope = 0.01f) : IUnaryKernel, IBackwardIgnoresOutput
{
    /// <summary>The slope for x ≤ 0.</summary>
    public float NegativeSlope { get; } = negativeSlope;
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public TF Forward<TF, TD>(TF x) where TF : struct, IFloatVec<TF, TD> where TD : struct, IDoubleVec<TD>
        => TF.Select(TF.GreaterThan(x, TF.Create(0f)), x, x * TF.Create(NegativeSlope));
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public TF Backward<TF, TD>(TF x, TF y, TF dy) where TF : struct, IFloatVec<TF, TD> where TD : struct, IDoubleVec<TD>
        => TF.Select(TF.GreaterThan(x, TF.Create(0f)), dy, dy * TF.Create(NegativeSlope));
}
