using System.Runtime.CompilerServices;

namespace ActLab.Kernels.Simd;

/// <summary>
/// Double-lane functions for what still runs in double (docs/accuracy.md lists it): a float activation evaluated
/// through these and rounded once is within about 0.5 ULP of the true value. Every function here is free of NaN and
/// overflow for finite input.
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

    /// <summary>tanh x: x − x³/3 below |x| = 1e-4, else (1 − e)/(1 + e) with e = e^(−2|x|).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TD Tanh<TD>(TD x) where TD : struct, IDoubleVec<TD>
    {
        var z = TD.Abs(x);
        var em = Expm1(TD.Create(-2) * z);
        var large = TD.CopySign(-em / (em + TD.Create(2)), x);
        return TD.Select(TD.LessThan(z, TD.Create(1e-8)), x, large);
    }

    /// <summary>sin x and cos x for |x| ≤ 2^20·π/2 (about 1.6e6), each within about 1e-16 absolute: Cody–Waite
    /// reduction by π/2 in two parts (fdlibm's <c>pio2_1</c> and <c>pio2_1t</c>: k·pio2_1 is exact for |k| &lt; 2^20,
    /// and the tail's product is formed exactly inside an FMA) to |r| ≤ π/4, then fdlibm's <c>__kernel_sin</c> and
    /// <c>__kernel_cos</c> polynomials, swapped and signed by the quadrant (sin(−0) comes out +0). About 1.5× cheaper
    /// than the BCL's vector sine, which also reduces arguments up to 1e308; callers check <see cref="SinCosRange"/>
    /// and use <see cref="IDoubleVec{TSelf}.Sin"/> beyond (Sun Microsystems' fdlibm: "Permission to use, copy, modify,
    /// and distribute this software is freely granted, provided that this notice is preserved.").</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TD SinReduced<TD>(TD x, out TD cos) where TD : struct, IDoubleVec<TD>
    {
        var k = Reduce(x, out var sinR, out var cosR);
        // Quadrant q = k mod 4: sin x = sin r, cos r, −sin r, −cos r; cos x = cos r, −sin r, −cos r, sin r.
        var q = k - TD.Create(4) * TD.Floor(k * TD.Create(0.25));
        var odd = TD.Equal(q, TD.Create(1)) | TD.Equal(q, TD.Create(3));
        var sinHalf = TD.GreaterThanOrEqual(q, TD.Create(2));                          // q = 2, 3: sin x ≤ 0 side
        var cosHalf = TD.Equal(q, TD.Create(1)) | TD.Equal(q, TD.Create(2));
        var s = TD.Select(odd, cosR, sinR);
        var c = TD.Select(odd, sinR, cosR);
        cos = TD.Select(cosHalf, -c, c);
        return TD.Select(sinHalf, -s, s);
    }

    /// <summary>sin² x over <see cref="SinReduced{TD}(TD, out TD)"/>'s range: the quadrant only chooses between sin r
    /// and cos r, with no sign to apply.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TD SinSquaredReduced<TD>(TD x) where TD : struct, IDoubleVec<TD>
    {
        var k = Reduce(x, out var sinR, out var cosR);
        var odd = TD.Equal(k - TD.Create(2) * TD.Floor(k * TD.Create(0.5)), TD.Create(1));
        var s = TD.Select(odd, cosR, sinR);
        return s * s;
    }

    /// <summary>x = k·π/2 + r, |r| ≤ π/4, returning k, with sin r and cos r (the kernels of SinReduced).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TD Reduce<TD>(TD x, out TD sinR, out TD cosR) where TD : struct, IDoubleVec<TD>
    {
        var k = TD.Round(x * TD.Create(6.36619772367581382433e-01));                 // x·2/π
        // π/2 = pio2_1 + pio2_1t to about 1e-27 (pio2_1: 33 bits, so k·pio2_1 and x − k·pio2_1 are exact); the second
        // FMA rounds once, about 1e-16 absolute, and k·(the tail's own error) stays below 1e-20.
        var r = TD.Fma(k, TD.Create(-1.57079632673412561417e+00), x);                // exact
        r = TD.Fma(k, TD.Create(-6.07710050650619224932e-11), r);
        var z = r * r;
        var ps = TD.Create(1.58969099521155010221e-10);
        ps = TD.Fma(ps, z, TD.Create(-2.50507602534068634195e-08));
        ps = TD.Fma(ps, z, TD.Create(2.75573137070700676789e-06));
        ps = TD.Fma(ps, z, TD.Create(-1.98412698298579493134e-04));
        ps = TD.Fma(ps, z, TD.Create(8.33333333332248946124e-03));
        ps = TD.Fma(ps, z, TD.Create(-1.66666666666666324348e-01));
        sinR = TD.Fma(r * z, ps, r);
        var pc = TD.Create(-1.13596475577881948265e-11);
        pc = TD.Fma(pc, z, TD.Create(2.08757232129817482790e-09));
        pc = TD.Fma(pc, z, TD.Create(-2.75573143513906633035e-07));
        pc = TD.Fma(pc, z, TD.Create(2.48015872894767294178e-05));
        pc = TD.Fma(pc, z, TD.Create(-1.38888888888741095749e-03));
        pc = TD.Fma(pc, z, TD.Create(4.16666666666666019037e-02));
        cosR = TD.Fma(z * z, pc, TD.Fma(z, TD.Create(-0.5), TD.Create(1)));
        return k;
    }

    /// <summary>Whether every lane is within <see cref="SinReduced{TD}(TD, out TD)"/>'s range (false for NaN and ±∞).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool SinCosRange<TD>(TD x) where TD : struct, IDoubleVec<TD>
        => TD.AllTrue(TD.LessThanOrEqual(TD.Abs(x), TD.Create(1.6e6)));

    /// <summary>Horner's rule, coefficients from the constant term up (fixed arities, so the JIT emits a plain FMA chain).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TD Poly<TD>(TD x, double c0, double c1, double c2, double c3, double c4) where TD : struct, IDoubleVec<TD>
        => TD.Fma(TD.Fma(TD.Fma(TD.Fma(TD.Create(c4), x, TD.Create(c3)), x, TD.Create(c2)), x, TD.Create(c1)), x, TD.Create(c0));

    /// <inheritdoc cref="Poly{TD}(TD, double, double, double, double, double)"/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TD Poly<TD>(TD x, double c0, double c1, double c2, double c3, double c4, double c5) where TD : struct, IDoubleVec<TD>
        => TD.Fma(Poly(x, c1, c2, c3, c4, c5), x, TD.Create(c0));
}

/// <summary>A double-lane function for <see cref="DMath.Via{TF, TD, TFn}"/>.</summary>
public interface IDFunc
{
    /// <summary>Applies the function to every lane.</summary>
    TD Apply<TD>(TD x) where TD : struct, IDoubleVec<TD>;
}
