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
        // Both quotients by 6 without a division (a vector division costs more than the memory pass), bit for bit the
        // same (see Sixth).
        var six = TF.Create(6f);
        var tHi = FMath.TwoSum<TF, TD>(x, TF.Create(3f), out var tLo);
        var q = Sixth<TF, TD>(tHi);
        var rest = TF.Fma(-q, six, tHi) + tLo;
        var y = q + Sixth<TF, TD>(rest);
        return TF.Select(TF.LessThanOrEqual(x, TF.Create(-3f)), TF.Create(0f), TF.Select(TF.GreaterThanOrEqual(x, TF.Create(3f)), TF.Create(1f), y));
    }

    // a/6 correctly rounded, as the division gives it: q = a·RN(1/6) is faithful, r = a − 6q is exact (FMA), and
    // q + r·RN(1/6) in one FMA is the correctly rounded quotient (Markstein's theorem; 6 is no power of two, so no
    // exception applies). Zero keeps its sign.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TF Sixth<TF, TD>(TF a) where TF : struct, IFloatVec<TF, TD> where TD : struct, IDoubleVec<TD>
    {
        var inv = TF.Create(1f / 6f);
        var q = a * inv;
        return TF.CopySign(TF.Fma(TF.Fma(-q, TF.Create(6f), a), inv, q), a);
    }

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public TF Backward<TF, TD>(TF x, TF y, TF dy) where TF : struct, IFloatVec<TF, TD> where TD : struct, IDoubleVec<TD>
        => TF.Select(TF.GreaterThan(x, TF.Create(-3f)) & TF.LessThan(x, TF.Create(3f)), dy / TF.Create(6f), TF.Create(0f));
}
