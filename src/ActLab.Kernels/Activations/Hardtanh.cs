using System.Runtime.CompilerServices;
using ActLab.Kernels.Simd;

namespace ActLab.Kernels.Activations;

/// <summary>f(x) = clamp(x, min_val, max_val)</summary>
/// <remarks>f′(x) = 1 for min_val &lt; x &lt; max_val, else 0, <b>0 at both bounds</b> (PyTorch's
/// <c>hardtanh_backward</c>: a NaN input passes dy). Defaults −1 and 1; ReLU6 is Hardtanh(0, 6).</remarks>
public readonly struct Hardtanh(float minVal = -1f, float maxVal = 1f) : IUnaryKernel, IBackwardIgnoresOutput
{
    /// <summary>The lower bound.</summary>
    public float MinVal { get; } = minVal;
    /// <summary>The upper bound.</summary>
    public float MaxVal { get; } = maxVal;
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public TF Forward<TF, TD>(TF x) where TF : struct, IFloatVec<TF, TD> where TD : struct, IDoubleVec<TD>
        => TF.Min(TF.Max(x, TF.Create(MinVal)), TF.Create(MaxVal));
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public TF Backward<TF, TD>(TF x, TF y, TF dy) where TF : struct, IFloatVec<TF, TD> where TD : struct, IDoubleVec<TD>
        => TF.Select(TF.LessThanOrEqual(x, TF.Create(MinVal)) | TF.GreaterThanOrEqual(x, TF.Create(MaxVal)), TF.Create(0f), dy);
}
