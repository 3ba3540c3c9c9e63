using System.Runtime.CompilerServices;
using ActLab.Kernels.Simd;

namespace ActLab.Kernels.Activations;

/// <summary>Mish(x) = x·tanh(softplus(x)) = x·tanh(ln(1 + e^x))</summary>
/// <remarks>Mish′(x) = tanh(sp) + x·σ(x)·sech²(sp), sp = softplus(x). The forward runs in float (see
/// <c>Float</c>); the derivative stays in double with the stable softplus, since it crosses zero at x ≈ −1.19 in a
/// sum whose terms need e^x to more than float precision. mish(100) = 100 and the negative tail keeps its precision. Minimum about −0.309 at x ≈ −1.19.
/// Misra 2019, arXiv:1908.08681.</remarks>
public readonly struct Mish : IUnaryKernel, IBackwardIgnoresOutput
{
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public TF Forward<TF, TD>(TF x) where TF : struct, IFloatVec<TF, TD> where TD : struct, IDoubleVec<TD>
        => Float<TF, TD>(x);

    /// <summary>mish(x) = x·n/(n + 2) with n = e(e + 2), e = e^x (since tanh(ln(1 + e)) = ((1 + e)² − 1)/((1 + e)² + 1)),
    /// in float: n as an exact pair, the quotient refined once and multiplied by x in one FMA. Below x = −20,
    /// n/(n + 2) = e(1 − e + O(e²)) = σ(x) to float precision, so the tail is x·σ(x) (<see cref="FMath.XSigmoidSelf{TF, TD}"/>,
    /// which keeps subnormal results); above x = 20 the ratio rounds to 1.</summary>
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)] // own inlining budget
    private static TF Float<TF, TD>(TF x) where TF : struct, IFloatVec<TF, TD> where TD : struct, IDoubleVec<TD>
    {
        var two = TF.Create(2f);
        var e = FMath.Exp<TF, TD>(TF.MinNative(TF.MaxNative(x, TF.Create(-20f)), TF.Create(20f)));
        // n = e² + 2e as nHi + nLo exactly: e² = p + pLo (FMA), p + 2e by TwoSum.
        var p = e * e;
        var pLo = TF.FmaSub(e, e, p);
        var e2 = e + e;
        var nHi = FMath.TwoSum<TF, TD>(p, e2, out var nLo);
        nLo += pLo;
        // den = n + 2 = dHi + dLo (Fast2Sum for dHi = nHi + 2, either order: TwoSum), then the refined quotient.
        var dHi = FMath.TwoSum<TF, TD>(nHi, two, out var dLo);
        dLo += nLo;
        var inv = TF.Create(1f) / dHi;
        var q = nHi * inv;
        var r = TF.FmaNeg(q, dLo, TF.FmaNeg(q, dHi, nHi) + nLo);
        var main = TF.Fma(x, q, x * (r * inv));
        var inTail = TF.LessThan(x, TF.Create(-20f));
        var result = main;
        // The tail costs as much as the rest; most vectors have no lane in it.
        if (TF.Sum(TF.Select(inTail, TF.Create(1f), TF.Create(0f))) != 0)
            result = TF.Select(inTail, FMath.XSigmoidSelf<TF, TD>(x), main);
        // NaN and ±∞ as x·tanh(softplus(x)) gives them: NaN, +∞, and −∞·0 = NaN.
        var inf = TF.Create(float.PositiveInfinity);
        return TF.Select(TF.Equal(TF.Abs(x), inf), x * TF.Select(TF.LessThan(x, TF.Create(0f)), TF.Create(0f), TF.Create(1f)), TF.Select(TF.IsNaN(x), x, result));
    }
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public TF Backward<TF, TD>(TF x, TF y, TF dy) where TF : struct, IFloatVec<TF, TD> where TD : struct, IDoubleVec<TD>
        => dy * DMath.Via<TF, TD, Grad>(x, default);

    private readonly struct Grad : IDFunc
    {
        // With e = e^x and n = e(e + 2): tanh(sp) = n/(n + 2), sech²(sp) = 4(1 + e)²/(n + 2)², σ(x) = e/(1 + e), so
        // Mish′ = e·[4(1 + x) + e(6 + 4x) + 4e² + e³]/(n + 2)²: one exp and one division (the double path had four
        // of each). The bracket cancels at x ≈ −1.19, which double resolves (its terms are exact to 1e-16).
        [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)] // own inlining budget
        public TD2 Apply<TD2>(TD2 x) where TD2 : struct, IDoubleVec<TD2>
        {
            // Beyond x = 40 the derivative is 1 to double precision; clamping keeps e⁴ finite.
            var xc = TD2.Min(x, TD2.Create(40));
            var e = DMath.Exp(xc);
            var one = TD2.Create(1);
            var m = TD2.Fma(TD2.Fma(e + TD2.Create(4), e, TD2.Fma(TD2.Create(4), xc, TD2.Create(6))), e, TD2.Create(4) * (one + xc));
            var d = TD2.Fma(e + TD2.Create(2), e, TD2.Create(2));
            // + 0·x: NaN at ±∞, as tanh(sp) + x·σ(x)·sech²(sp) evaluates there (∞·0).
            return e * m / (d * d) + TD2.Create(0) * x;
        }
    }
}
