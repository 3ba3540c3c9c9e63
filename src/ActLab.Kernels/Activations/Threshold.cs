using System.Runtime.CompilerServices;
using ActLab.Kernels.Simd;

namespace ActLab.Kernels.Activations;

/// <summary>f(x) = value if x ≤ threshold, else x</summary>
/// <remarks>f′(x) = 0 for x ≤ threshold (<b>0 at the threshold</b>), else 1. PyTorch's <c>nn.Threshold</c> has no
/// defaults: both parameters must be given.</remarks>
public readonly struct Threshold(float threshold, float value) : IUnaryKernel, IBackwardIgnoresOutput
{
    /// <summary>The threshold t.</summary>
    public float ThresholdValue { get; } = threshold;
    /// <summary>The replacement for x ≤ t.</summary>
    public float Value { get; } = value;
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public TF Forward<TF, TD>(TF x) where TF : struct, IFloatVec<TF, TD> where TD : struct, IDoubleVec<TD>
        => TF.Select(TF.LessThanOrEqual(x, TF.Create(ThresholdValue)), TF.Create(Value), x);
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public TF Backward<TF, TD>(TF x, TF y, TF dy) where TF : struct, IFloatVec<TF, TD> where TD : struct, IDoubleVec<TD>
        => TF.Select(TF.LessThanOrEqual(x, TF.Create(ThresholdValue)), TF.Create(0f), dy);
}
