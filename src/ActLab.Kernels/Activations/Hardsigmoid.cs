using System.Runtime.CompilerServices;
using ActLab.Kernels.Simd;

namespace ActLab.Kernels.Activations;

/// <summary>f(x) = min(max(x + 3, 0), 6) / 6</summary>
/// <remarks>f′(x) = 1/6 for −3 &lt; x &lt; 3, else 0 (<b>0 at ±3</b>, PyTorch). (x + 3)/6 is evaluated in double
/// and rounded once, so the result is correctly rounded (PyTorch's float (x + 3)/6 rounds twice and is off by one
/// ULP for some inputs). Howard et al. 2019 (MobileNetV3), arXiv:1905.02244.</remarks>
public readonly struct Hardsigmoid : IUnaryKernel, IBackwardIgnoresOutput
{
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public TF Forward<TF, TD>(TF x) where TF : struct, IFloatVec<TF, TD> where TD : struct, IDoubleVec<TD>
        => DMath.Via<TF, TD, Fwd>(x, default);
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public TF Backward<TF, TD>(TF x, TF y, TF dy) where TF : struct, IFloatVec<TF, TD> where TD : struct, IDoubleVec<TD>
        => TF.Select(TF.GreaterThan(x, TF.Create(-3f)) & TF.LessThan(x, TF.Create(3f)), dy / TF.Create(6f), TF.Create(0f));

    private readonly struct Fwd : IDFunc
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public TD2 Apply<TD2>(TD2 x) where TD2 : struct, IDoubleVec<TD2>
            => TD2.Min(TD2.Max(x + TD2.Create(3), TD2.Create(0)), TD2.Create(6)) / TD2.Create(6);
    }
}
