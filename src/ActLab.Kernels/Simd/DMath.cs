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
