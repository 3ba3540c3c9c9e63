using System.Runtime.CompilerServices;
using ActLab.Kernels.Simd;

namespace ActLab.Kernels.Activations;

/// <summary>GELU(x) = x·Φ(x) = x·½(1 + erf(x/√2))</summary>
/// <remarks>GELU′(x) = Φ(x) + x·φ(x), φ(x) = e^(−x²/2)/√(2π). Minimum about −0.170 at x ≈ −0.752; maximum slope
/// ≈ 1.129 at x = √2. With z = |x|, Φ(−z) = φ(z)·M(z) where M is the Mills ratio, a smooth function from M(0) = √(π/2)
/// down to ≈ 1/z, fitted here (divided by √(2π)) as t·G(t) with t = 3/(3 + z), G of degree 10, relative error 1.1e-9
/// on [0, 14.2] (beyond, Φ(−z) is below the float range). So GELU(x) = x − z·e·M(z)/√(2π) for x ≥ 0 and −z·e·M(z)/√(2π)
/// for x &lt; 0, with e = e^(−z²/2) in float from the exact square z² = hi + lo, all in float: z·M(z) as a float pair
/// (see <c>ZM</c>) so that only the last operation rounds. The derivative is e·(M(z) − z)/√(2π) for
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
        // P = z·M(z)/√(2π) = pHi + pLo, at z clamped to ZMax (beyond, e·P vanishes against z, and P stays finite at ∞).
        var pHi = ZM<TF, TD>(TF.MinNative(z, TF.Create(ZMax)), out var pLo);
        var ep = TF.Fma(m, pHi, m * TF.Fma(delta, pHi, pLo));             // e·P on the mantissa, rounded once
        var zero = TF.Create(0f);
        // −z·Φ(−z) = x·Φ(x); beyond ZMax 0·x (−0, and NaN at −∞ as x·Φ(x) evaluates there, like PyTorch's).
        var negative = TF.Select(inRange, -TF.ScaleB(ep, n), zero * x);
        var e = TF.ScaleB(m, TF.MaxNative(n, TF.Create(-126f)));           // no subnormal operands below
        var positive = TF.FmaNeg(e, pHi, z) - e * pLo;                       // z − z·Φ(−z); +∞ at +∞, NaN for NaN
        return TF.Select(TF.LessThan(x, zero), negative, positive);
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
        var far = TF.FmaNeg(z, TF.Create(InvSqrt2PiHi), t * G<TF, TD>(t)) - z * TF.Create(InvSqrt2PiLo);
        var d = TF.Select(TF.LessThan(z, TF.Create(2f)), near, far);
        var negative = TF.Select(inRange, TF.ScaleB(TF.Fma(m, d, m * delta * d), n), zero); // e·D
        var e = TF.Select(inRange, TF.ScaleB(m, TF.MaxNative(n, TF.Create(-126f))), zero);
        var positive = TF.FmaNeg(e, d, TF.Create(1f));                        // 1 − e·D
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
        var lo = TF.FmaSub(zc, zc, hi);
        var half = TF.Create(-0.5f);
        delta = half * lo;
        return FMath.ExpNonPositiveUnscaled<TF, TD>(half * hi, out n);
    }

    /// <summary>P = z·M(z)/√(2π) = z·t·G(t) = a·3G(t) as an unevaluated float pair hi + lo, within 0.25·2^−24 relative
    /// (tools/reference/gelu_zm_emulation.py, a float32 emulation of this code; the whole forward is measured on every
    /// float, docs/accuracy.md), with a = z/(3 + z) = 1 − t. Every rounding that would show is carried: 3 + z as an
    /// exact pair, a's division remainder (an FMA), the argument u = ½ − a of 3G's expansion about t = ½ with its
    /// rounding error, and the last two Horner steps with exact products and sums (and the low parts of the first three
    /// coefficients); the errors of a and u enter once, through 3G′(t)·δu and 3G·δa.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TF ZM<TF, TD>(TF z, out TF lo) where TF : struct, IFloatVec<TF, TD> where TD : struct, IDoubleVec<TD>
    {
        var three = TF.Create(3f);
        var big = TF.MaxNative(three, z);
        var small = TF.MinNative(three, z);
        var s = big + small;
        var sLo = (big - s) + small;                                         // 3 + z = s + sLo (Fast2Sum)
        var aHi = z / s;
        var rem = TF.FmaNeg(aHi, sLo, TF.FmaNeg(aHi, s, z));                     // z − aHi·(s + sLo)
        var third = TF.Create(1f / 3);
        var aLo = rem * TF.FmaNeg(aHi, third, third);                          // rem/(3 + z), as (1 − a)/3
        var half = TF.Create(0.5f);
        var u = half - aHi;
        var du = ((half - u) - aHi) - aLo;                                   // u's rounding (exact) and a's low part
        var p = TF.Create(5.658042431e-02f);
        p = TF.Fma(p, u, TF.Create(-6.793730706e-02f));
        p = TF.Fma(p, u, TF.Create(-6.270270795e-02f));
        p = TF.Fma(p, u, TF.Create(1.323388517e-01f));
        p = TF.Fma(p, u, TF.Create(6.556951255e-02f));
        p = TF.Fma(p, u, TF.Create(-2.230319232e-01f));
        p = TF.Fma(p, u, TF.Create(-1.673986614e-01f));
        p = TF.Fma(p, u, TF.Create(3.781019449e-01f));
        p = TF.Fma(p, u, TF.Create(0.9200707674026489f));
        // 3G = c0 + u·(c1 + u·(c2 + u·p′)): the two last steps as exact pairs, with the low parts of c0, c1, c2.
        var pr = u * p;
        var prLo = TF.Fma(u, TF.Create(-7.106421229252646e-09f), TF.FmaSub(u, p, pr));
        var c1 = TF.Create(1.018664002418518f);
        var vHi = c1 + pr;
        var vLo = ((c1 - vHi) + pr) + (prLo + TF.Create(-2.3484169275889144e-08f));
        var w = u * vHi;
        var wLo = TF.Fma(u, vLo, TF.FmaSub(u, vHi, w));
        var c0 = TF.Create(0.7290837168693542f);
        var gHi = c0 + w;
        var gLo = ((c0 - gHi) + w) + (wLo + TF.Create(-2.6372186212597626e-08f));
        gLo = TF.Fma(TF.Fma(u, p, vHi), du, gLo);                            // + 3G′·δu (3G′ ≈ v + u·p to first order)
        var pHi = aHi * gHi;
        lo = TF.Fma(aLo, gHi, TF.Fma(aHi, gLo, TF.FmaSub(aHi, gHi, pHi)));
        return pHi;
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
