using System.Runtime.CompilerServices;
using ActLab.Kernels.Simd;

namespace ActLab.Kernels.Activations;

/// <summary>f(x) = min(max(x + 3, 0), 6) / 6</summary>
/// <remarks>f′(x) = 1/6 for −3 &lt; x &lt; 3, else 0 (<b>0 at ±3</b>, PyTorch). (x + 3)/6 is correctly rounded, in
/// float, in about a dozen vector operations and no division (see Forward; PyTorch's float (x + 3)/6 rounds twice and
/// is off by one ULP for some inputs). Howard et al. 2019 (MobileNetV3), arXiv:1905.02244.</remarks>
public readonly struct Hardsigmoid : IUnaryKernel, IBackwardIgnoresOutput
{
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public TF Forward<TF, TD>(TF x) where TF : struct, IFloatVec<TF, TD> where TD : struct, IDoubleVec<TD>
    {
        // Correctly rounded (x + 3)/6 in float. x is first clamped to [−3, 3] with the hardware min/max (x the second
        // operand, so NaN passes), where the formula gives 0 and 1 exactly: no selects. There |x| ≤ 3, so
        // x + 3 = tHi + tLo exactly by Fast2Sum (two operations, not TwoSum's six). q = RN(tHi·RN(1/6)) is faithful,
        // so r = tHi − 6q is exact (FMA), and tHi + tLo − 6q = r + tLo is exact too (both are multiples of ulp(x) or
        // of ulp(q) and it spans fewer than 24 bits); q + (r + tLo)/6, with that quotient correctly rounded (Sixth),
        // then rounds once to the nearest float of the true value, ties included ((x + 3)/6 can be a midpoint, e.g.
        // x = 3·2^−24). Checked for every float in [−3.5, 3.5) against the double formula (tools/ActLab.DocGen
        // --exhaustive). No division: a vector division costs more than the memory pass.
        var three = TF.Create(3f);
        var c = TF.MinPropagateSecond(three, TF.MaxPropagateSecond(-three, x));
        var tHi = c + three;
        var tLo = (three - tHi) + c;
        var q = tHi * TF.Create(1f / 6f);
        var rest = TF.FmaNeg(q, TF.Create(6f), tHi) + tLo;
        return q + Sixth<TF, TD>(rest);
    }

    // a/6 correctly rounded, as the division gives it for a float a: q = a·RN(1/6) is faithful, r = a − 6q is exact
    // (FMA), and q + r·RN(1/6) in one FMA is the correctly rounded quotient (Markstein's theorem; 6 is no power of
    // two, so no exception applies). −0 becomes +0, harmless where the quotient is added to a nonzero q.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static TF Sixth<TF, TD>(TF a) where TF : struct, IFloatVec<TF, TD> where TD : struct, IDoubleVec<TD>
    {
        var inv = TF.Create(1f / 6f);
        var q = a * inv;
        return TF.Fma(TF.FmaNeg(q, TF.Create(6f), a), inv, q);
    }

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public TF Backward<TF, TD>(TF x, TF y, TF dy) where TF : struct, IFloatVec<TF, TD> where TD : struct, IDoubleVec<TD>
        => TF.Select(TF.GreaterThan(x, TF.Create(-3f)) & TF.LessThan(x, TF.Create(3f)), dy / TF.Create(6f), TF.Create(0f));
}
