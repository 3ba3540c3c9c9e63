using System.Runtime.CompilerServices;
using ActLab.Kernels.Simd;

namespace ActLab.Kernels.Activations;

/// <summary>GELU(x) = x·Φ(x) = x·½(1 + erf(x/√2))</summary>
/// <remarks>GELU′(x) = Φ(x) + x·φ(x), φ(x) = e^(−x²/2)/√(2π). Minimum about −0.170 at x ≈ −0.752; maximum slope
/// ≈ 1.129 at x = √2. With z = |x|, Φ(−z) = φ(z)·M(z) where M is the Mills ratio, a smooth function from M(0) = √(π/2)
/// down to ≈ 1/z, fitted here (divided by √(2π)) as t·G(t) with t = 3/(3 + z), G of degree 10, relative error 1.1e-9
/// on [0, 14.2] (beyond, Φ(−z) is below the float range). So GELU(x) = x − z·e·M(z)/√(2π) for x ≥ 0 and −z·e·M(z)/√(2π)
/// for x &lt; 0, with e = e^(−z²/2) in float from the exact square z² = hi + lo; the forward evaluates z·M(z) in double
/// (the fit's argument t would cost 2 ULP in float) and the rest in float. The derivative is e·(M(z) − z)/√(2π) for
/// x &lt; 0 and 1 − e·(M(z) − z)/√(2π) for x ≥ 0, all in float: M(z) − z vanishes at z₀ ≈ 0.75179 (GELU's minimum),
/// so below z = 2 it is fitted with the root factored out, (z₀ − z)·H(z) (H of degree 11 in z − 1, relative error 1.2e-10,
/// z₀ as two floats, so z₀ − z is exact near the root). PyTorch's <c>approximate='none'</c>; the tanh form is
/// <see cref="GeluTanh"/>. Hendrycks &amp; Gimpel 2016, arXiv:1606.08415. The fits are made by
/// tools/reference/gelu_fit.py (mpmath).</remarks>
public readonly struct Gelu : IUnaryKernel, IBackwardIgnoresOutput
{
    private const float Z0Hi = 0.7517915368080139f;
    private const float Z0Lo = -1.211444988769017e-08f;
    private const float InvSqrt2PiHi = 0.3989422917366028f;
    private const float InvSqrt2PiLo = -1.1335170135851058e-08f;
    // Beyond this z, e^(−z²/2) < 2^−151: Φ(−z) and the tail terms are 0 in float.
    private const float ZMax = 14.5f;

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)] // own inlining budget
    public TF Forward<TF, TD>(TF x) where TF : struct, IFloatVec<TF, TD> where TD : struct, IDoubleVec<TD>
    {
        var z = TF.Abs(x);
        var m = HalfSquareExp<TF, TD>(z, out var n, out var delta, out var inRange);
        // P = z·M(z)/√(2π) in double, split into two floats.
        TF.Widen(z, out var zl, out var zh);
        var pHi = FMath.Split<TF, TD>(ZM(zl), ZM(zh), out var pLo);
        var ep = TF.Fma(m, pHi, m * TF.Fma(delta, pHi, pLo));             // e·P on the mantissa, rounded once
        var zero = TF.Create(0f);
        var negative = TF.Select(inRange, -TF.ScaleB(ep, n), zero * x);   // −z·Φ(−z) = x·Φ(x)
        var e = TF.ScaleB(m, TF.MaxNative(n, TF.Create(-126f)));           // no subnormal operands below
        var positive = TF.Fma(-e, pHi, z) - e * pLo;                       // z − z·Φ(−z)
        var r = TF.Select(TF.LessThan(x, zero), negative, positive);
        // ±∞: x·Φ(x) as the formula gives it (+∞, and −∞·0 = NaN like PyTorch's).
        var inf = TF.Create(float.PositiveInfinity);
        return TF.Select(TF.Equal(z, inf), x * TF.Select(TF.LessThan(x, zero), zero, TF.Create(1f)), r);
    }

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)] // own inlining budget
    public TF Backward<TF, TD>(TF x, TF y, TF dy) where TF : struct, IFloatVec<TF, TD> where TD : struct, IDoubleVec<TD>
    {
        var z = TF.Abs(x);
        var m = HalfSquareExp<TF, TD>(z, out var n, out var delta, out var inRange);
        var zero = TF.Create(0f);
        // D = (M(z) − z)/√(2π): below z = 2 as (z₀ − z)·H(z); above as t·G(t) − z/√(2π), which does not cancel.
        // z₀ − z as an exact pair (TwoSum), then with z₀'s low part: (aHi + aLo)·H rounds once.
        var aHi = FMath.TwoSum<TF, TD>(TF.Create(Z0Hi), -z, out var aLo);
        aLo += TF.Create(Z0Lo);
        var h = H(z);
        var near = TF.Fma(aHi, h, aLo * h);
        var t = TF.Create(3f) / (TF.Create(3f) + z);
        var far = TF.Fma(-z, TF.Create(InvSqrt2PiHi), t * G<TF, TD>(t)) - z * TF.Create(InvSqrt2PiLo);
        var d = TF.Select(TF.LessThan(z, TF.Create(2f)), near, far);
        var negative = TF.Select(inRange, TF.ScaleB(TF.Fma(m, d, m * delta * d), n), zero); // e·D
        var e = TF.Select(inRange, TF.ScaleB(m, TF.MaxNative(n, TF.Create(-126f))), zero);
        var positive = TF.Fma(-e, d, TF.Create(1f));                        // 1 − e·D
        // + 0·x: NaN at ±∞, as Φ(x) + x·φ(x) evaluates there (∞·0).
        return dy * (TF.Select(TF.LessThan(x, zero), negative, positive) + zero * x);
    }

    /// <summary>e^(−z²/2) = m·2^n·(1 + δ), from the exact square z² = hi + lo (so large z lose no precision to the
    /// rounding of z²; δ = −lo/2 is left for the caller's last FMA); <paramref name="inRange"/> is false beyond
    /// <see cref="ZMax"/> (and for NaN).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TF HalfSquareExp<TF, TD>(TF z, out TF n, out TF delta, out TF inRange) where TF : struct, IFloatVec<TF, TD> where TD : struct, IDoubleVec<TD>
    {
        inRange = TF.LessThan(z, TF.Create(ZMax));
        var zc = TF.MinNative(z, TF.Create(ZMax));
        var hi = zc * zc;
        var lo = TF.Fma(zc, zc, -hi);
        var half = TF.Create(-0.5f);
        delta = half * lo;
        return FMath.ExpNonPositiveUnscaled<TF, TD>(half * hi, out n);
    }

    /// <summary>z·M(z)/√(2π) = z·t·G(t), t = 3/(3 + z), in double.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TD ZM<TD>(TD z) where TD : struct, IDoubleVec<TD>
    {
        var t = TD.Create(3) / (TD.Create(3) + z);
        var g = DMath.Poly(t, 1.32982539360799068e-01, 1.32925739261703008e-01, 1.18951508591962227e-01,
            8.28015907983104260e-02, 7.86392217763073886e-02, -8.88732154079559522e-02);
        var g2 = DMath.Poly(t, 2.06474776351027234e-01, -3.58997469626424259e-01, 2.93181642053356395e-01,
            -1.16946473641162715e-01, 1.88601410253849688e-02);
        var t6 = t * t * t;
        t6 *= t6;
        return z * t * TD.Fma(t6, g2, g);
    }

    /// <summary>G(t) in float, for the derivative's z ≥ 2 branch (where its error is diluted by z/√(2π)).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TF G<TF, TD>(TF t) where TF : struct, IFloatVec<TF, TD> where TD : struct, IDoubleVec<TD>
    {
        var p = TF.Create(1.88601410253849688e-02f);
        p = TF.Fma(p, t, TF.Create(-1.16946473641162715e-01f));
        p = TF.Fma(p, t, TF.Create(2.93181642053356395e-01f));
        p = TF.Fma(p, t, TF.Create(-3.58997469626424259e-01f));
        p = TF.Fma(p, t, TF.Create(2.06474776351027234e-01f));
        p = TF.Fma(p, t, TF.Create(-8.88732154079559522e-02f));
        p = TF.Fma(p, t, TF.Create(7.86392217763073886e-02f));
        p = TF.Fma(p, t, TF.Create(8.28015907983104260e-02f));
        p = TF.Fma(p, t, TF.Create(1.18951508591962227e-01f));
        p = TF.Fma(p, t, TF.Create(1.32925739261703008e-01f));
        return TF.Fma(p, t, TF.Create(1.32982539360799068e-01f));
    }

    /// <summary>H(z) = (M(z) − z)/((z₀ − z)√(2π)) on [0, 2], in float, as a polynomial in u = z − 1 (|u| ≤ 1, so
    /// its terms shrink fast and Horner's roundings do not add up) with the constant term split in two floats.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TF H<TF>(TF z) where TF : struct, IVec<TF, float>
    {
        var u = z - TF.Create(1f);
        var p = TF.Create(-4.980936989e-07f);
        p = TF.Fma(p, u, TF.Create(2.063988018e-06f));
        p = TF.Fma(p, u, TF.Create(-6.758833114e-06f));
        p = TF.Fma(p, u, TF.Create(2.563293737e-05f));
        p = TF.Fma(p, u, TF.Create(-9.494798986e-05f));
        p = TF.Fma(p, u, TF.Create(3.310653906e-04f));
        p = TF.Fma(p, u, TF.Create(-1.097003710e-03f));
        p = TF.Fma(p, u, TF.Create(3.438286104e-03f));
        p = TF.Fma(p, u, TF.Create(-1.010880905e-02f));
        p = TF.Fma(p, u, TF.Create(2.759470826e-02f));
        p = TF.Fma(p, u, TF.Create(-6.895639112e-02f));
        return TF.Create(0.5534218549728394f) + TF.Fma(p, u, TF.Create(-2.5388656510472174e-08f));
    }
}
