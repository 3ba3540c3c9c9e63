using System.Runtime.CompilerServices;
using ActLab.Kernels.Simd;

namespace ActLab.Kernels.Activations;

/// <summary>squareplus(x) = (x + √(x² + b)) / 2</summary>
/// <remarks>squareplus′(x) = (1 + x/√(x² + b)) / 2. For x &lt; 0 both are rewritten as b/(2(√(x² + b) − x)) and
/// b/(2√(x² + b)(√(x² + b) − x)), which do not cancel. In float: x² + b is carried as an exact pair (TwoProduct, then
/// TwoSum), its square root s as a pair (one Newton correction from the FMA residual), and s + |x| as a pair, so the
/// forward rounds about once; the quotient for x &lt; 0 is refined by its remainder. Where |x| ≥ 2^60, x² would overflow:
/// x is scaled by 2^−80 and b by 2^−160 there, and the results scaled back once. b &gt; 0, default 4 (Keras). A
/// softplus made of algebra only. Barron 2021, arXiv:2112.11687.</remarks>
public readonly struct Squareplus(float b = 4f) : IUnaryKernel, IBackwardIgnoresOutput
{
    /// <summary>The curvature b at the origin.</summary>
    public float B { get; } = b;

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)] // own inlining budget
    public TF Forward<TF, TD>(TF x) where TF : struct, IFloatVec<TF, TD> where TD : struct, IDoubleVec<TD>
    {
        Root<TF, TD>(x, B, out _, out _, out var dHi, out var dLo, out var up);
        var half = TF.Create(0.5f);
        // x ≥ 0: (|x| + s)/2 = (dHi + dLo)/2, scaled back.
        var positive = TF.ScaleB((dHi + dLo) * half, up);
        // x < 0: b/(2d) with d = dHi + dLo at the scale 2^−up: q = b·(1/dHi), refined once by its remainder.
        var inv = TF.Create(1f) / dHi;
        var bv = TF.Create(B);
        var q = bv * inv;
        var r = TF.Fma(-q, dLo, TF.Fma(-q, dHi, bv));
        var negative = TF.ScaleB(TF.Fma(r, inv, q) * half, -up);
        var zero = TF.Create(0f);
        var result = TF.Select(TF.LessThan(x, zero), negative, positive);
        // ±∞: +∞ and 0, as the formulas give them (the pairs' residuals are NaN there).
        return TF.Select(TF.Equal(TF.Abs(x), TF.Create(float.PositiveInfinity)), TF.Max(x, zero), result);
    }

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)] // own inlining budget
    public TF Backward<TF, TD>(TF x, TF y, TF dy) where TF : struct, IFloatVec<TF, TD> where TD : struct, IDoubleVec<TD>
    {
        var a = Root<TF, TD>(x, B, out var sHi, out var sLo, out var dHi, out var dLo, out var up);
        var half = TF.Create(0.5f);
        // x ≥ 0: (1 + |x|/s)/2 ≥ ½ (no cancellation), the quotient refined by its remainder against s = sHi + sLo.
        var invS = TF.Create(1f) / sHi;
        var q = a * invS;
        var ratio = TF.Fma(TF.Fma(-q, sLo, TF.Fma(-q, sHi, a)), invS, q);
        var positive = TF.Fma(half, ratio, half);
        // x < 0: (b/2)/(s·d), s·d = p + pLo at the scale 2^−2up, the quotient refined likewise.
        var p = sHi * dHi;
        var pLo = TF.Fma(sLo, dHi, TF.Fma(sHi, dLo, TF.Fma(sHi, dHi, -p)));
        var hb = TF.Create(B) * half;
        var invP = TF.Create(1f) / p;
        var g = hb * invP;
        var negative = TF.ScaleB(TF.Fma(TF.Fma(-g, pLo, TF.Fma(-g, p, hb)), invP, g), -(up + up));
        // −∞: 0, as b/(2·s·d) gives it (the pair's residual is NaN there); +∞ stays NaN, as ½ + ½·∞/∞ gives it.
        negative = TF.Select(TF.Equal(x, TF.Create(float.NegativeInfinity)), TF.Create(0f), negative);
        return dy * TF.Select(TF.LessThan(x, TF.Create(0f)), negative, positive);
    }

    /// <summary>|x|, s = √(x² + b) = sHi + sLo and d = s + |x| = dHi + dLo, all scaled by 2^−up (up = 80 where
    /// |x| ≥ 2^60, so that x² and s·d cannot overflow, else 0); b enters x² + b scaled by 2^−2up.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TF Root<TF, TD>(TF x, float b, out TF sHi, out TF sLo, out TF dHi, out TF dLo, out TF up)
        where TF : struct, IFloatVec<TF, TD> where TD : struct, IDoubleVec<TD>
    {
        var big = TF.GreaterThanOrEqual(TF.Abs(x), TF.Create(1.152921504606847e18f));        // 2^60
        up = TF.Select(big, TF.Create(80f), TF.Create(0f));
        var a = TF.ScaleB(TF.Abs(x), -up);                                   // ≤ 2^48: a², s·d stay finite
        var bs = TF.ScaleB(TF.Create(b), -(up + up));
        var zHi = a * a;
        var zLo = TF.Fma(a, a, -zHi);
        var uHi = FMath.TwoSum<TF, TD>(zHi, bs, out var uLo);               // x² + b = uHi + uLo (to 2^−48)
        uLo += zLo;
        sHi = TF.Sqrt(uHi);
        sLo = (TF.Fma(-sHi, sHi, uHi) + uLo) / (sHi + sHi);             // one Newton step on the pair
        dHi = sHi + a;
        dLo = ((sHi - dHi) + a) + sLo;                                       // Fast2Sum (s ≥ |x|), plus sLo
        return a;
    }
}
