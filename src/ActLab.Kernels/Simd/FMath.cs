using System.Runtime.CompilerServices;

namespace ActLab.Kernels.Simd;

/// <summary>
/// Float-lane building blocks for the activation kernels: exp, expm1 and log1p on the
/// ranges the activations need, and the sigmoid family, each free of NaN or overflow for finite input. Each one's
/// measured error against the double oracle is in docs/accuracy.md ("Building blocks"); activations combine them so
/// that the composed result stays within the contract (forward ≤ 2 ULP, backward ≤ 4 ULP). Where a float formula
/// cannot (a derivative with a zero whose neighbourhood needs more than float precision), the activation uses
/// <see cref="DMath"/> instead and says so.
/// </summary>
/// <remarks>
/// The trick that makes float enough: every rounding that an error analysis shows to be amplified is replaced by an
/// exact pair (hi + lo, from Fast2Sum or an FMA residual) and folded into the last operation, so each function rounds
/// once where it matters. Exp's polynomial is Cephes <c>expf</c>'s (S. L. Moshier, Cephes licence); its reduction
/// constants are fdlibm's <c>e_expf.c</c> split of ln 2 (Sun Microsystems, "Permission to use, copy, modify, and
/// distribute this software is freely granted, provided that this notice is preserved.").
/// </remarks>
public static class FMath
{
    private const float Log2E = 1.44269504088896341f;
    // ln 2 = Ln2Hi + Ln2Lo, Ln2Hi with 16 significant bits, so n·Ln2Hi is exact for |n| < 2^8 and x − n·Ln2Hi is exact.
    private const float Ln2Hi = 0.693145751953125f;
    private const float Ln2Lo = (float)(0.69314718055994530942 - 0.693145751953125);

    /// <summary>e^x for every float input, within 0.7 ULP for normal results (0.8 ULP in the subnormal range, where the
    /// scaling rounds a second time). +∞ above 88.72, 0 below −103.97, NaN for NaN.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TF Exp<TF, TD>(TF x)
        where TF : struct, IFloatVec<TF, TD> where TD : struct, IDoubleVec<TD>
    {
        // Clamp with the hardware max/min (one instruction each); x is the second operand of each, so NaN passes.
        var c = TF.MinPropagateSecond(TF.Create(89f), TF.MaxPropagateSecond(TF.Create(-105f), x));
        var n = Reduce<TF, TD>(c, out var rHi, out var small);
        return TF.ScaleB((TF.Create(1f) + rHi) + (Fast2SumError<TF, TD>(TF.Create(1f), rHi) + small), n);
    }

    /// <summary>e^x for x ≤ 0 (or NaN), skipping the upper clamp.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TF ExpNonPositive<TF, TD>(TF x)
        where TF : struct, IFloatVec<TF, TD> where TD : struct, IDoubleVec<TD>
        => TF.ScaleB(ExpNonPositiveUnscaled<TF, TD>(x, out var n), n);

    /// <summary>e^x = m·2^n for x ≤ 0 (or NaN), returning m in [0.7, 1.42] and n unapplied, so that a product with
    /// e^x can be formed in the normal range and rounded once when it is scaled, instead of losing precision to a
    /// subnormal e^x first. x is clamped at <paramref name="floor"/> (−105 gives n ≥ −152, ScaleB's range; at most
    /// −175, where |n| &lt; 256 still keeps the reduction exact).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static TF ExpNonPositiveUnscaled<TF, TD>(TF x, out TF n, float floor = -105f)
        where TF : struct, IFloatVec<TF, TD> where TD : struct, IDoubleVec<TD>
    {
        var c = TF.MaxPropagateSecond(TF.Create(floor), x);
        n = Reduce<TF, TD>(c, out var rHi, out var small);
        return (TF.Create(1f) + rHi) + (Fast2SumError<TF, TD>(TF.Create(1f), rHi) + small);
    }

    /// <summary>e^(hi + lo) for hi ≤ 0 (or NaN) and a low part |lo| ≤ ½ulp(hi) (as TwoSum leaves it): lo joins the
    /// reduction's linear remainder (one FMA instead of a product), so e^hi·(1 + lo) costs no more than e^hi and adds
    /// only that remainder's rounding, 2^−24 of at most 2.2e-4 + |lo|, to <see cref="ExpNonPositive{TF, TD}(TF)"/>'s
    /// error. The softmax rows that use it are measured in docs/accuracy.md.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static TF ExpNonPositive<TF, TD>(TF hi, TF lo)
        where TF : struct, IFloatVec<TF, TD> where TD : struct, IDoubleVec<TD>
    {
        var c = TF.MaxPropagateSecond(TF.Create(-105f), hi);
        var n = Reduce<TF, TD>(c, out var rHi, out var small, lo);
        return TF.ScaleB((TF.Create(1f) + rHi) + (Fast2SumError<TF, TD>(TF.Create(1f), rHi) + small), n);
    }

    /// <summary>Cody–Waite reduction c = n·ln 2 + r with r = rHi + (the linear remainder), and the polynomial part:
    /// returns n; e^r = 1 + rHi + small, where small = r²·P(r) − n·Ln2Lo, |r| ≤ ln2/2.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TF Reduce<TF, TD>(TF c, out TF rHi, out TF small)
        where TF : struct, IFloatVec<TF, TD> where TD : struct, IDoubleVec<TD>
        => Reduce<TF, TD>(c, out rHi, out small, TF.Create(0f));

    /// <summary><see cref="Reduce{TF, TD}(TF, out TF, out TF)"/> of c + extra, for a small extra (a low part) that
    /// joins the linear remainder.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TF Reduce<TF, TD>(TF c, out TF rHi, out TF small, TF extra)
        where TF : struct, IFloatVec<TF, TD> where TD : struct, IDoubleVec<TD>
    {
        var n = TF.Round(c * TF.Create(Log2E));
        rHi = TF.Fma(n, TF.Create(-Ln2Hi), c);          // exact
        var rLo = TF.Fma(n, TF.Create(-Ln2Lo), extra);   // |rLo| ≤ 2.2e-4 + |extra|, rounding negligible
        var r = rHi + rLo;
        // P(r) by Estrin's scheme, (c0 + c1r) + r²((c2 + c3r) + r²(c4 + c5r)): three FMAs deep after r² instead of
        // Horner's six, and r² serves the last step too: 1.00–1.08× in alternating runs of the exp-based kernels, and
        // the worst case over every float unchanged for exponential, sigmoid, log-sigmoid, SiLU, GELU, GELU-tanh and
        // tanhshrink (DocGen --exhaustive); the sampled table moved by ±0.02 ULP.
        var r2 = r * r;
        var a = TF.Fma(TF.Create(1.6666665459E-1f), r, TF.Create(5.0000001201E-1f));
        var b = TF.Fma(TF.Create(8.3334519073E-3f), r, TF.Create(4.1665795894E-2f));
        var d = TF.Fma(TF.Create(1.9875691500E-4f), r, TF.Create(1.3981999507E-3f));
        var p = TF.Fma(TF.Fma(d, r2, b), r2, a);
        small = TF.Fma(p, r2, rLo);
        return n;
    }

    /// <summary>a + b = hi + lo exactly, whatever their magnitudes (Knuth's TwoSum, six operations).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TF TwoSum<TF, TD>(TF a, TF b, out TF lo)
        where TF : struct, IFloatVec<TF, TD> where TD : struct, IDoubleVec<TD>
    {
        var hi = a + b;
        var bv = hi - a;
        lo = (a - (hi - bv)) + (b - bv);
        return hi;
    }

    /// <summary>The rounding error of a + b when |a| ≥ |b| (Fast2Sum): a + b = fl(a + b) + this, exactly.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static TF Fast2SumError<TF, TD>(TF a, TF b)
        where TF : struct, IFloatVec<TF, TD> where TD : struct, IDoubleVec<TD>
        => (a - (a + b)) + b;

    /// <summary>e^x − 1 for x ≤ 0 (or NaN), within 1 ULP: e^x − 1 = 2^n·expm1(r) + (2^n − 1), both terms exact
    /// (a power-of-two scaling, and 2^n − 1 exact for n ≥ −24; below that the result is −1 to float precision),
    /// so only the final sum rounds; expm1(r) is r + r²·T(r), T the Taylor polynomial to r⁸ (|r| ≤ ln2/2).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TF Expm1NonPositive<TF, TD>(TF x)
        where TF : struct, IFloatVec<TF, TD> where TD : struct, IDoubleVec<TD>
    {
        var c = TF.MaxPropagateSecond(TF.Create(-88f), x);
        var n = TF.Round(c * TF.Create(Log2E));
        var r = TF.Fma(n, TF.Create(-Ln2Hi), c);
        r = TF.Fma(n, TF.Create(-Ln2Lo), r);
        var t = TF.Create(1f / 40320);
        t = TF.Fma(t, r, TF.Create(1f / 5040));
        t = TF.Fma(t, r, TF.Create(1f / 720));
        t = TF.Fma(t, r, TF.Create(1f / 120));
        t = TF.Fma(t, r, TF.Create(1f / 24));
        t = TF.Fma(t, r, TF.Create(1f / 6));
        t = TF.Fma(t, r, TF.Create(0.5f));
        var p = TF.Fma(r * r, t, r);
        var s = TF.ScaleB(TF.Create(1f), n);
        return TF.Fma(s, p, s - TF.Create(1f));
    }

    /// <summary>ln(1 + u) for u in [0, 1] (and NaN), within 1 ULP: with w = 1 + u (halved when u ≥ ½, so that
    /// w − 1 = (u − 1)/2 is exact), s = (w − 1)/(w + 1) carried as hi + lo and ln w = 2·atanh s =
    /// 2s + 2s³(1/3 + s²/5 + … + s¹⁰/13), |s| ≤ 0.2.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TF Log1pUnit<TF, TD>(TF u)
        where TF : struct, IFloatVec<TF, TD> where TD : struct, IDoubleVec<TD>
    {
        var one = TF.Create(1f);
        var halve = TF.GreaterThanOrEqual(u, TF.Create(0.5f));
        var num = TF.Select(halve, u - one, u);                       // exact
        var k = TF.Select(halve, TF.Create(3f), TF.Create(2f));
        var den = k + u;
        var denLo = (k - den) + u;                                    // exact (|k| ≥ |u|)
        var inv = one / den;
        var sHi = num * inv;
        var residual = TF.FmaNeg(sHi, denLo, TF.FmaNeg(sHi, den, num));    // num − sHi·(den + denLo), to first order
        var sLo = residual * inv;
        var z = sHi * sHi;
        var p = TF.Create(1f / 13);
        p = TF.Fma(p, z, TF.Create(1f / 11));
        p = TF.Fma(p, z, TF.Create(1f / 9));
        p = TF.Fma(p, z, TF.Create(1f / 7));
        p = TF.Fma(p, z, TF.Create(1f / 5));
        p = TF.Fma(p, z, TF.Create(1f / 3));
        var two = TF.Create(2f);
        var ln2Lo = TF.Select(halve, TF.Create(-1.9046542999e-09f), TF.Create(0f)); // ln 2 − (float)ln 2
        var tail = TF.Fma(two * sHi * z, p, TF.Fma(two, sLo, ln2Lo));
        var ln2Hi = TF.Select(halve, TF.Create(0.693147182f), TF.Create(0f));
        return ln2Hi + TF.Fma(two, sHi, tail);
    }

    /// <summary>σ(x) = 1/(1 + e^(−x)), written as e/(1 + e) for x &lt; 0 with e = e^(−|x|), so that tiny results
    /// are kept to the last subnormal instead of flushing to 0. The quotient is refined in float: 1 + e is split
    /// exactly into hi + lo (Fast2Sum); and one residual step q + (num − q·hi − q·lo)/hi corrects both the rounding
    /// of 1 + e and of the division, with 1/hi ≈ q or 1 − q (since σ(x) + σ(−x) = 1).</summary>
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
        var residual = TF.FmaNeg(q, lo, TF.FmaNeg(q, hi, num));
        var reciprocal = TF.Select(negative, one - q, q);
        return TF.Fma(residual, reciprocal, q);
    }

    /// <summary>σ′(x) = e/(1 + e)² with e = e^(−|x|) (symmetric, never cancels); (1 + e)² from the exact split
    /// hi + lo of 1 + e, so the result rounds about three times.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TF SigmoidDerivative<TF, TD>(TF x)
        where TF : struct, IFloatVec<TF, TD> where TD : struct, IDoubleVec<TD>
    {
        var one = TF.Create(1f);
        var e = ExpNonPositive<TF, TD>(-TF.Abs(x));
        var hi = one + e;
        var lo = (one - hi) + e;
        return e / TF.Fma(hi, hi, (hi + hi) * lo);
    }

    /// <summary>x·σ(p) for p = pHi + pLo (pLo a first-order correction, 0 when p = x·β is exact): x/(1 + e) for
    /// p ≥ 0 and x·e/(1 + e) for p &lt; 0 (e = e^(−|pHi|)), the numerator kept exact with an FMA and the quotient
    /// refined once, so the only error left is e's, damped by 1/(1 + e). For p &lt; 0 the quotient is formed with
    /// e's mantissa and scaled at the end, so results in the subnormal range round once.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TF XSigmoid<TF, TD>(TF x, TF pHi, TF pLo)
        where TF : struct, IFloatVec<TF, TD> where TD : struct, IDoubleVec<TD>
        => XSigmoid<TF, TD>(x, pHi, pLo, true);

    /// <summary>x·σ(x) (SiLU): <see cref="XSigmoid{TF, TD}(TF, TF, TF)"/> without the correction for a rounded argument.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TF XSigmoidSelf<TF, TD>(TF x)
        where TF : struct, IFloatVec<TF, TD> where TD : struct, IDoubleVec<TD>
        => XSigmoid<TF, TD>(x, x, TF.Create(0f), false);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TF XSigmoid<TF, TD>(TF x, TF pHi, TF pLo, bool correct)
        where TF : struct, IFloatVec<TF, TD> where TD : struct, IDoubleVec<TD>
    {
        var one = TF.Create(1f);
        var zero = TF.Create(0f);
        // e^(−|p|) = m·2^n, reduced down to −175; below that x·σ(p) is 0 for any |x| a float holds unless β is
        // absurdly small.
        var m = ExpNonPositiveUnscaled<TF, TD>(-TF.Abs(pHi), out var n, -175f);
        var e = TF.ScaleB(m, TF.MaxNative(n, TF.Create(-152f))); // only 1 + e and σ(−p) use it: tiny is as good as exact
        var negative = TF.LessThan(pHi, zero);
        // x·e = (x·m/2)·2^(n+1): m/2 < 1, so the product cannot overflow.
        var half = m * TF.Create(0.5f);
        var xm = x * half;
        var numHi = TF.Select(negative, xm, x);
        var numLo = TF.Select(negative, TF.FmaSub(x, half, xm), zero);
        var hi = one + e;
        var lo = (one - hi) + e;
        var inv = one / hi;
        var q = numHi * inv;
        var residual = TF.FmaNeg(q, lo, TF.FmaNeg(q, hi, numHi) + numLo);
        var result = TF.Fma(residual, inv, q);
        if (correct)
        {
            // x·σ(p + pLo) = x·σ(p)·(1 + σ(−p)·pLo), σ(−p) = (p < 0 ? 1 : e)/(1 + e).
            var complement = TF.Select(negative, one, e) * inv;
            result = TF.Fma(result * complement, pLo, result);
        }
        // Scaled in two steps (each within ScaleB's range); the first keeps the result normal, so only the second rounds.
        var k = TF.Select(negative, n + one, zero);
        var k1 = TF.MaxNative(k, TF.Create(-120f));
        result = TF.ScaleB(TF.ScaleB(result, k1), k - k1);
        return TF.Select(TF.LessThan(pHi, TF.Create(-175f)), x * zero, result);
    }

    /// <summary>σ(v)·(1 + w·σ(−v)) for v = vHi + vLo and w = wHi + wLo: the derivative of x·σ(v(x)) when
    /// w = x·v′(x) (SiLU, Swish and GELU-tanh). For v &lt; 0 it is e·((1 + w) + e)/(1 + e)² with e = e^v, and
    /// (1 + w) + e cancels where the derivative crosses zero, so e is carried as a pair hi + lo (about 2^−28
    /// relative: the float rounding of the reduction's r²·P(r) term and the polynomial's own error) and 1 + w as an
    /// exact sum; for v ≥ 0 it is (1 + e(1 + w))/(1 + e)² with
    /// e = e^(−v), which does not cancel.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TF SigmoidProductDerivative<TF, TD>(TF vHi, TF vLo, TF wHi, TF wLo)
        where TF : struct, IFloatVec<TF, TD> where TD : struct, IDoubleVec<TD>
        => SigmoidProductDerivativeCore<TF, TD>(vHi, vLo, wHi, wLo, true);

    /// <summary><see cref="SigmoidProductDerivative{TF, TD}(TF, TF, TF, TF)"/> for exact v and w (no low parts: SiLU,
    /// where v = w = x), without the operations that fold the low parts in (the JIT cannot drop an FMA with a zero
    /// operand, which is not an identity for ∞ and −0): the same bits.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static TF SigmoidProductDerivativeExact<TF, TD>(TF v, TF w)
        where TF : struct, IFloatVec<TF, TD> where TD : struct, IDoubleVec<TD>
        => SigmoidProductDerivativeCore<TF, TD>(v, TF.Create(0f), w, TF.Create(0f), false);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TF SigmoidProductDerivativeCore<TF, TD>(TF vHi, TF vLo, TF wHi, TF wLo, bool lows)
        where TF : struct, IFloatVec<TF, TD> where TD : struct, IDoubleVec<TD>
    {
        var one = TF.Create(1f);
        var zero = TF.Create(0f);
        var negative = TF.LessThan(vHi, zero);
        // e^(−|v|) = (mHi + mLo)·2^n, reduced down to −175 as in XSigmoid; the products with e are formed on the
        // mantissa and scaled once at the end, and e itself is taken as 0 where it is below 2^−96 (1 + e and
        // 1 + e(1 + w) cannot see it), so no subnormal is ever an operand (each costs a microcode assist on x86).
        var c = TF.MaxPropagateSecond(TF.Create(-175f), -TF.Abs(vHi));
        var n = Reduce<TF, TD>(c, out var rHi, out var small);
        var s = one + rHi;
        var tail = Fast2SumError<TF, TD>(one, rHi) + small;
        var mHi = s + tail;
        var mLo = (s - mHi) + tail;
        // e^(±(vHi + vLo)) = e·(1 ± vLo).
        if (lows) mLo = TF.Fma(mHi, TF.Select(negative, vLo, -vLo), mLo);
        var tiny = TF.LessThan(n, TF.Create(-96f));
        var nc = TF.MaxNative(n, TF.Create(-96f));
        var eHi = TF.Select(tiny, zero, TF.ScaleB(mHi, nc));
        var eLo = TF.Select(tiny, zero, TF.ScaleB(mLo, nc));
        // a = 1 + w exactly as aHi + aLo (TwoSum).
        var aHi = TwoSum<TF, TD>(one, wHi, out var aLo);
        if (lows) aLo += wLo;
        // v < 0: N = (1 + w) + e, numerator e·N (on the mantissa); v ≥ 0: numerator 1 + e·(1 + w).
        var sumHi = TwoSum<TF, TD>(aHi, eHi, out var sumLo);
        sumLo += aLo + eLo;
        var nNeg = sumHi + sumLo;
        var nPos = TF.Fma(eHi, aHi, TF.Fma(eHi, aLo, TF.Fma(eLo, aHi, one)));
        var hi = one + eHi;
        var lo = (one - hi) + eHi + eLo;
        var den = TF.Fma(hi, hi, (hi + hi) * lo);
        var numerator = TF.Select(negative, TF.Fma(mHi, nNeg, mLo * nNeg), nPos);
        var q = numerator / den;
        var k = TF.Select(negative, n, zero);
        var k1 = TF.MaxNative(k, TF.Create(-120f));
        q = TF.ScaleB(TF.ScaleB(q, k1), k - k1);
        return TF.Select(TF.LessThan(vHi, TF.Create(-175f)), zero, q);
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

    /// <summary>tanh′(x) = sech² x = 4σ′(2x) (4e/(1 + e)² with e = e^(−2|x|)), without the 1 − tanh² cancellation.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TF TanhDerivative<TF, TD>(TF x)
        where TF : struct, IFloatVec<TF, TD> where TD : struct, IDoubleVec<TD>
        => TF.Create(4f) * SigmoidDerivative<TF, TD>(x + x);

    /// <summary>The product a·b as hi + lo exactly (FMA residual); lo is 0 where hi is infinite or NaN (an
    /// overflowed product has no meaningful residual).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TF TwoProduct<TF, TD>(TF a, TF b, out TF lo)
        where TF : struct, IFloatVec<TF, TD> where TD : struct, IDoubleVec<TD>
    {
        var hi = a * b;
        lo = TF.Select(TF.LessThan(TF.Abs(hi), TF.Create(float.PositiveInfinity)), TF.FmaSub(a, b, hi), TF.Create(0f));
        return hi;
    }

    /// <summary>A double vector pair rounded to float as hi + lo (lo the rounding error, to float precision; 0
    /// where hi overflowed).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TF Split<TF, TD>(TD lower, TD upper, out TF lo)
        where TF : struct, IFloatVec<TF, TD> where TD : struct, IDoubleVec<TD>
    {
        var hi = TF.Narrow(lower, upper);
        TF.Widen(hi, out var a, out var b);
        lo = TF.Select(TF.LessThan(TF.Abs(hi), TF.Create(float.PositiveInfinity)), TF.Narrow(lower - a, upper - b), TF.Create(0f));
        return hi;
    }
}
