using System.Runtime.CompilerServices;

namespace ActLab.Kernels.Simd;

/// <summary>
/// Double-lane functions for the exact paths. A float activation evaluated through these and rounded once is
/// within about 0.5 ULP of the true value, which is how the functions that need expm1, log1p or erf meet their
/// accuracy budget. Every function here is free of NaN and overflow for finite input.
/// </summary>
public static class DMath
{
    /// <summary>Evaluates the float lanes of <paramref name="x"/> in double through <typeparamref name="TFn"/>
    /// and rounds once.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TF Via<TF, TD, TFn>(TF x, TFn fn)
        where TF : struct, IFloatVec<TF, TD> where TD : struct, IDoubleVec<TD> where TFn : struct, IDFunc
    {
        TF.Widen(x, out var lo, out var hi);
        return TF.Narrow(fn.Apply(lo), fn.Apply(hi));
    }

    /// <summary>e^x with relative error below 1e-14 (ample for results rounded to float), faster than the BCL's
    /// full-precision vector exp: Cody–Waite reduction by ln 2, a degree-11 Taylor polynomial on |r| ≤ ln2/2
    /// (truncation ≤ r¹²/12! ≈ 6.5e-15), and one exact scaling by 2^n. +∞ above 709.8, 0 below −745, NaN for NaN.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TD Exp<TD>(TD x) where TD : struct, IDoubleVec<TD>
    {
        var c = TD.Min(TD.Max(x, TD.Create(-746)), TD.Create(710));
        var n = TD.Round(c * TD.Create(1.4426950408889634074));
        var r = TD.Fma(n, TD.Create(-6.93147180369123816490e-01), c);
        r = TD.Fma(n, TD.Create(-1.90821492927058770002e-10), r);
        var p = TD.Create(1.0 / 39916800);
        p = TD.Fma(p, r, TD.Create(1.0 / 3628800));
        p = TD.Fma(p, r, TD.Create(1.0 / 362880));
        p = TD.Fma(p, r, TD.Create(1.0 / 40320));
        p = TD.Fma(p, r, TD.Create(1.0 / 5040));
        p = TD.Fma(p, r, TD.Create(1.0 / 720));
        p = TD.Fma(p, r, TD.Create(1.0 / 120));
        p = TD.Fma(p, r, TD.Create(1.0 / 24));
        p = TD.Fma(p, r, TD.Create(1.0 / 6));
        p = TD.Fma(p, r, TD.Create(0.5));
        p = TD.Fma(p * r, r, r) + TD.Create(1);
        return TD.ScaleB(p, n);
    }

    /// <summary>e^x − 1 without cancellation near 0 (a Taylor polynomial below |x| = 1e-5).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TD Expm1<TD>(TD x) where TD : struct, IDoubleVec<TD>
    {
        var big = Exp(x) - TD.Create(1);
        var small = TD.Fma(TD.Fma(x, TD.Create(1.0 / 6), TD.Create(0.5)) * x, x, x);
        return TD.Select(TD.LessThan(TD.Abs(x), TD.Create(1e-5)), small, big);
    }

    /// <summary>ln(1 + u) for u in [0, 1] (and NaN), to about 1e-13 relative: with w = 1 + u reduced to
    /// [√½, √2] (halving when u &gt; √2 − 1, so w − 1 stays exact as u or (u − 1)/2), s = (w − 1)/(w + 1) and
    /// ln w = 2·atanh s = 2s(1 + s²/3 + s⁴/5 + … + s¹⁶/17), |s| ≤ 0.172. One division, no log call.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TD Log1pUnit<TD>(TD u) where TD : struct, IDoubleVec<TD>
    {
        var halve = TD.GreaterThan(u, TD.Create(0.41421356237309504880));
        var num = TD.Select(halve, u - TD.Create(1), u);
        var den = TD.Select(halve, u + TD.Create(3), u + TD.Create(2));
        var s = num / den;
        var z = s * s;
        var series = Poly(z, 1.0, 1.0 / 3, 1.0 / 5, 1.0 / 7, 1.0 / 9, 1.0 / 11, 1.0 / 13, 1.0 / 15, 1.0 / 17);
        var k = TD.Select(halve, TD.Create(0.69314718055994530942), TD.Create(0));
        return TD.Fma(s + s, series, k);
    }

    /// <summary>σ(x), stable for every x.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TD Sigmoid<TD>(TD x) where TD : struct, IDoubleVec<TD>
    {
        var e = Exp(-TD.Abs(x));
        var one = TD.Create(1);
        return TD.Select(TD.LessThan(x, TD.Create(0)), e, one) / (one + e);
    }

    /// <summary>ln(1 + e^x) = max(x, 0) + ln(1 + e^(−|x|)), stable for every x.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TD Softplus<TD>(TD x) where TD : struct, IDoubleVec<TD>
        => TD.Max(x, TD.Create(0)) + Log1pUnit(Exp(-TD.Abs(x)));

    /// <summary>tanh x: x − x³/3 below |x| = 1e-4, else (1 − e)/(1 + e) with e = e^(−2|x|).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TD Tanh<TD>(TD x) where TD : struct, IDoubleVec<TD>
    {
        var z = TD.Abs(x);
        var em = Expm1(TD.Create(-2) * z);
        var large = TD.CopySign(-em / (em + TD.Create(2)), x);
        return TD.Select(TD.LessThan(z, TD.Create(1e-8)), x, large);
    }

    /// <summary>sech² x = 4e/(1 + e)² with e = e^(−2|x|): the derivative of tanh without the 1 − tanh² cancellation.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TD Sech2<TD>(TD x) where TD : struct, IDoubleVec<TD>
    {
        var e = Exp(TD.Create(-2) * TD.Abs(x));
        var d = TD.Create(1) + e;
        return TD.Create(4) * e / (d * d);
    }

    /// <summary>Φ(x), the standard normal CDF, to double accuracy in both tails (through <see cref="Erfc"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TD NormalCdf<TD>(TD x) where TD : struct, IDoubleVec<TD>
    {
        // Φ(x) = erfc(−x/√2)/2; for x > 0 that is 1 − erfc(x/√2)/2, which has no cancellation either.
        var a = TD.Abs(x) * TD.Create(0.70710678118654752440);
        var half = TD.Create(0.5) * Erfc(a);
        return TD.Select(TD.LessThan(x, TD.Create(0)), half, TD.Create(1) - half);
    }

    /// <summary>φ(x) = e^(−x²/2)/√(2π).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TD NormalPdf<TD>(TD x) where TD : struct, IDoubleVec<TD>
        => Exp(TD.Create(-0.5) * x * x) * TD.Create(0.39894228040143267794);

    /// <summary>
    /// erfc(a) for a ≥ 0 (NaN propagates). The piecewise rational approximations of fdlibm's <c>s_erf.c</c>
    /// (Copyright (C) 1993 by Sun Microsystems, Inc.; "Permission to use, copy, modify, and distribute this
    /// software is freely granted, provided that this notice is preserved."), evaluated on every lane for all four
    /// ranges and blended, since lanes fall in different ranges.
    /// Not inlined on purpose: it is large, and as a method of its own it gets the JIT's whole inlining budget for
    /// its vector primitives (inlined into a kernel, it exhausted the caller's budget and left calls behind).
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    public static TD Erfc<TD>(TD a) where TD : struct, IDoubleVec<TD>
    {
        var one = TD.Create(1);
        // [0, 0.84375): erfc = 1 − (a + a·P(z)/Q(z)), z = a².
        var z = a * a;
        var r = Poly(z, 1.28379167095512558561e-01, -3.25042107247001499370e-01, -2.84817495755985104766e-02,
            -5.77027029648944159157e-03, -2.37630166566501626084e-05);
        var s = Poly(z, 1.0, 3.97917223959155352819e-01, 6.50222499887672944485e-02, 5.08130628187576562776e-03,
            1.32494738004321644526e-04, -3.96022827877536812320e-06);
        var r1 = one - TD.Fma(a, r / s, a);
        // [0.84375, 1.25): erfc = (1 − erx) − P1(s)/Q1(s), s = a − 1.
        var t = a - one;
        var p = Poly(t, -2.36211856075265944077e-03, 4.14856118683748331666e-01, -3.72207876035701323847e-01,
            3.18346619901161753674e-01, -1.10894694282396677476e-01, 3.54783043256182359371e-02,
            -2.16637559486879084300e-03);
        var q = Poly(t, 1.0, 1.06420880400844228286e-01, 5.40397917702171048937e-01, 7.18286544141962662868e-02,
            1.26171219808761642112e-01, 1.36370839120290507362e-02, 1.19844998467991074170e-02);
        var r2 = TD.Create(1 - 8.45062911510467529297e-01) - p / q;
        // [1.25, 28): erfc = exp(−a² − 0.5625 + R(w)/S(w))/a, w = 1/a², with two coefficient sets.
        var w = one / TD.Max(z, TD.Create(1e-300));
        var ra = Poly(w, -9.86494403484714822705e-03, -6.93858572707181764372e-01, -1.05586262253232909814e+01,
            -6.23753324503260060396e+01, -1.62396669462573470355e+02, -1.84605092906711035994e+02,
            -8.12874355063065934246e+01, -9.81432934416914548592e+00);
        var sa = Poly(w, 1.0, 1.96512716674392571292e+01, 1.37657754143519042600e+02, 4.34565877475229228821e+02,
            6.45387271733267880336e+02, 4.29008140027567833386e+02, 1.08635005541779435134e+02,
            6.57024977031928170135e+00, -6.04244152148580987438e-02);
        var rb = Poly(w, -9.86494292470009928597e-03, -7.99283237680523006574e-01, -1.77579549177547519889e+01,
            -1.60636384855821916062e+02, -6.37566443368389627722e+02, -1.02509513161107724954e+03,
            -4.83519191608651397019e+02);
        var sb = Poly(w, 1.0, 3.03380607434824582924e+01, 3.25792512996573918826e+02, 1.53672958608443695994e+03,
            3.19985821950859553908e+03, 2.55305040643316442583e+03, 4.74528541206955367215e+02,
            -2.24409524465858183362e+01);
        var inB = TD.GreaterThanOrEqual(a, TD.Create(1 / 0.35));
        var rs = TD.Select(inB, rb / sb, ra / sa);
        var am = TD.Min(a, TD.Create(28));
        var r3 = Exp(-(am * am) - TD.Create(0.5625) + rs) / am;
        r3 = TD.Select(TD.GreaterThanOrEqual(a, TD.Create(28)), TD.Create(0), r3);
        var result = TD.Select(TD.LessThan(a, TD.Create(0.84375)), r1,
            TD.Select(TD.LessThan(a, TD.Create(1.25)), r2, r3));
        return TD.Select(TD.IsNaN(a), a, result);
    }

    /// <summary>Horner's rule, coefficients from the constant term up (fixed arities, so the JIT emits a plain FMA chain).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TD Poly<TD>(TD x, double c0, double c1, double c2, double c3, double c4) where TD : struct, IDoubleVec<TD>
        => TD.Fma(TD.Fma(TD.Fma(TD.Fma(TD.Create(c4), x, TD.Create(c3)), x, TD.Create(c2)), x, TD.Create(c1)), x, TD.Create(c0));

    /// <inheritdoc cref="Poly{TD}(TD, double, double, double, double, double)"/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TD Poly<TD>(TD x, double c0, double c1, double c2, double c3, double c4, double c5) where TD : struct, IDoubleVec<TD>
        => TD.Fma(Poly(x, c1, c2, c3, c4, c5), x, TD.Create(c0));

    /// <inheritdoc cref="Poly{TD}(TD, double, double, double, double, double)"/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TD Poly<TD>(TD x, double c0, double c1, double c2, double c3, double c4, double c5, double c6) where TD : struct, IDoubleVec<TD>
        => TD.Fma(Poly(x, c1, c2, c3, c4, c5, c6), x, TD.Create(c0));

    /// <inheritdoc cref="Poly{TD}(TD, double, double, double, double, double)"/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TD Poly<TD>(TD x, double c0, double c1, double c2, double c3, double c4, double c5, double c6, double c7) where TD : struct, IDoubleVec<TD>
        => TD.Fma(Poly(x, c1, c2, c3, c4, c5, c6, c7), x, TD.Create(c0));

    /// <inheritdoc cref="Poly{TD}(TD, double, double, double, double, double)"/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TD Poly<TD>(TD x, double c0, double c1, double c2, double c3, double c4, double c5, double c6, double c7, double c8) where TD : struct, IDoubleVec<TD>
        => TD.Fma(Poly(x, c1, c2, c3, c4, c5, c6, c7, c8), x, TD.Create(c0));
}

/// <summary>A double-lane function for <see cref="DMath.Via{TF, TD, TFn}"/>.</summary>
public interface IDFunc
{
    /// <summary>Applies the function to every lane.</summary>
    TD Apply<TD>(TD x) where TD : struct, IDoubleVec<TD>;
}
