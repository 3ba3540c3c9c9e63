using System.Runtime.CompilerServices;
using ActLab.Kernels.Simd;

namespace ActLab.Kernels.Activations;

/// <summary>f(x) = min(max(x + 3, 0), 6) / 6</summary>
/// <remarks>f′(x) = 1/6 for −3 &lt; x &lt; 3, else 0 (<b>0 at ±3</b>, PyTorch). (x + 3)/6 is correctly rounded, in
/// float (see Forward; PyTorch's float (x + 3)/6 rounds twice and is off by one ULP for some inputs). Howard et al. 2019 (MobileNetV3), arXiv:1905.02244.</remarks>
public readonly struct Hardsigmoid : IUnaryKernel, IBackwardIgnoresOutput
{
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public TF Forward<TF, TD>(TF x) where TF : struct, IFloatVec<TF, TD> where TD : struct, IDoubleVec<TD>
    {
        // Correctly rounded (x + 3)/6 in float: x + 3 = tHi + tLo exactly (TwoSum); q = RN(tHi/6) leaves the exact
        // remainder r = tHi − 6q (FMA); tHi + tLo − 6q = r + tLo is exact too (both are multiples of ulp(x) or of
        // ulp(q) and it spans fewer than 24 bits), so q + (r + tLo)/6 rounds once to the nearest float of the true
        // value. Checked for every float in (−3, 3) against the double formula (tools/ActLab.DocGen --exhaustive).
        var six = TF.Create(6f);
        var tHi = FMath.TwoSum<TF, TD>(x, TF.Create(3f), out var tLo);
        var q = tHi / six;
        var rest = TF.Fma(-q, six, tHi) + tLo;
        var y = q + rest / six;
        return TF.Select(TF.LessThanOrEqual(x, TF.Create(-3f)), TF.Create(0f), TF.Select(TF.GreaterThanOrEqual(x, TF.Create(3f)), TF.Create(1f), y));
    }
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public TF Backward<TF, TD>(TF x, TF y, TF dy) where TF : struct, IFloatVec<TF, TD> where TD : struct, IDoubleVec<TD>
        => TF.Select(TF.GreaterThan(x, TF.Create(-3f)) & TF.LessThan(x, TF.Create(3f)), dy / TF.Create(6f), TF.Create(0f));
}
