using System.Runtime.CompilerServices;

namespace ActLab.Kernels.Simd;

/// <summary>
/// Float-lane transcendental functions for the fast paths: exp, sigmoid and tanh, each within about 1 ULP and free
/// of NaN or overflow for finite input. Formulas that would lose accuracy in float use <see cref="DMath"/> instead.
/// </summary>
public static class FMath
{
    /// <summary>e^x for every float input: Cody–Waite reduction and a degree-6 polynomial (Cephes <c>expf</c>
    /// coefficients, S. L. Moshier, MIT-compatible Cephes licence), scaled by 2^n in one rounding
    /// (<see cref="IFloatVec{TSelf, TDouble}.ScaleB"/>), so results in the subnormal range are rounded once. +∞ above 88.72, 0 below −103.97, NaN for NaN.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TF Exp<TF, TD>(TF x)
        where TF : struct, IFloatVec<TF, TD> where TD : struct, IDoubleVec<TD>
    {
        // Clamp with the hardware max/min (one instruction each); x is the second operand of each, so NaN passes.
        var c = TF.MinPropagateSecond(TF.Create(89f), TF.MaxPropagateSecond(TF.Create(-105f), x));
        return Core<TF, TD>(c);
    }

    /// <summary>e^x for x ≤ 0 (or NaN), skipping the upper clamp.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static TF ExpNonPositive<TF, TD>(TF x)
        where TF : struct, IFloatVec<TF, TD> where TD : struct, IDoubleVec<TD>
        => Core<TF, TD>(TF.MaxPropagateSecond(TF.Create(-105f), x));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TF Core<TF, TD>(TF c)
        where TF : struct, IFloatVec<TF, TD> where TD : struct, IDoubleVec<TD>
    {
        var n = TF.Round(c * TF.Create(1.44269504088896341f));
        var r = TF.Fma(n, TF.Create(-0.693359375f), c);
        r = TF.Fma(n, TF.Create(2.12194440e-4f), r);
        var p = TF.Create(1.9875691500E-4f);
        p = TF.Fma(p, r, TF.Create(1.3981999507E-3f));
        p = TF.Fma(p, r, TF.Create(8.3334519073E-3f));
        p = TF.Fma(p, r, TF.Create(4.1665795894E-2f));
        p = TF.Fma(p, r, TF.Create(1.6666665459E-1f));
        p = TF.Fma(p, r, TF.Create(5.0000001201E-1f));
        p = TF.Fma(p * r, r, r) + TF.Create(1f);
        return TF.ScaleB(p, n);
    }

    /// <summary>σ(x) = 1/(1 + e^(−x)), written as e/(1 + e) for x &lt; 0 with e = e^(−|x|), so that tiny results
    /// are kept to the last subnormal instead of flushing to 0. The quotient is refined in float: 1 + e is split
    /// exactly into hi + lo (Fast2Sum); and one residual step q + (num − q·hi − q·lo)/hi corrects both the rounding
    /// of 1 + e and of the division, with 1/hi ≈ q or 1 − q (since σ(x) + σ(−x) = 1). Within 1.5 ULP.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TF Sigmoid<TF, TD>(TF x)
        where TF : struct, IFloatVec<TF, TD> where TD : struct, IDoubleVec<TD>
    {
        var one = TF.Create(1f);
        var e = ExpNonPositive<TF, TD>(-TF.Abs(x));
        var negative = TF.LessThan(x, TF.Create(0f));
        var num = TF.Select(negative, e, one);
        var hi = one + e;
        var lo = (one - hi) + e;
        var q = num / hi;
        var residual = TF.Fma(-q, lo, TF.Fma(-q, hi, num));
        var reciprocal = TF.Select(negative, one - q, q);
        return TF.Fma(residual, reciprocal, q);
    }

    /// <summary>σ′(x) = e/(1 + e)² with e = e^(−|x|) (symmetric, never cancels), the quotient in double.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TF SigmoidDerivative<TF, TD>(TF x)
        where TF : struct, IFloatVec<TF, TD> where TD : struct, IDoubleVec<TD>
    {
        var e = Exp<TF, TD>(-TF.Abs(x));
        TF.Widen(e, out var lo, out var hi);
        var one = TD.Create(1);
        var dl = one + lo;
        var dh = one + hi;
        return TF.Narrow(lo / (dl * dl), hi / (dh * dh));
    }

    /// <summary>tanh x: an odd minimax polynomial below |x| = 0.625 (Cephes <c>tanhf</c>), else
    /// 1 − 2e/(1 + e) with e = e^(−2|x|), which never overflows and rounds once near ±1 (so it saturates where the
    /// true value rounds to ±1, at |x| ≈ 9.01).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TF Tanh<TF, TD>(TF x)
        where TF : struct, IFloatVec<TF, TD> where TD : struct, IDoubleVec<TD>
    {
        var z = TF.Abs(x);
        var one = TF.Create(1f);
        var e = Exp<TF, TD>(TF.Create(-2f) * z);
        var large = TF.CopySign(one - (e + e) / (one + e), x);
        var s = x * x;
        var p = TF.Create(-5.70498872745E-3f);
        p = TF.Fma(p, s, TF.Create(2.06390887954E-2f));
        p = TF.Fma(p, s, TF.Create(-5.37397155531E-2f));
        p = TF.Fma(p, s, TF.Create(1.33314422036E-1f));
        p = TF.Fma(p, s, TF.Create(-3.33332819422E-1f));
        var small = TF.Fma(p * s, x, x);
        return TF.Select(TF.LessThan(z, TF.Create(0.625f)), small, large);
    }
}
