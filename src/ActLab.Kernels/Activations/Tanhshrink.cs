using System.Runtime.CompilerServices;
using ActLab.Kernels.Simd;

namespace ActLab.Kernels.Activations;

/// <summary>tanhshrink(x) = x − tanh(x)</summary>
/// <remarks>tanhshrink′(x) = tanh²(x). All in float. Below |x| = 1.25 the difference cancels (it is x³/3 − 2x⁵/15 + …
/// near 0), so it is x³·R(x²), R fitted on [0, 1.5625] (degree 9, relative error 1.6e-9; tools/reference/tanhshrink_fit.py)
/// with x², x³ and the last two Horner steps carried as exact pairs, so that the result rounds once. Above, it is
/// (|x| − 1) + 2e/(1 + e), e = e^(−2|x|), with the sign of x: |x| − 1 is exact, and the quotient (within about 2 ULP of
/// itself) is at most 0.38 of the sum. The derivative is tanh² from t = x − x³R(x²) as a pair below 1.25, and
/// 1 − 4σ′(2|x|) = 1 − sech² above.</remarks>
public readonly struct Tanhshrink : IUnaryKernel, IBackwardIgnoresOutput
{
    private const float X1 = 1.25f;

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)] // own inlining budget
    public TF Forward<TF, TD>(TF x) where TF : struct, IFloatVec<TF, TD> where TD : struct, IDoubleVec<TD>
    {
        var a = TF.Abs(x);
        // Below 2^−30 the residuals of x² and x³ would be subnormal (and lost): x is scaled by 2^40 for them (exact),
        // and x³R by 2^−120 at the end.
        var tiny = TF.LessThan(a, TF.Create(9.313225746e-10f));
        var sHi = Cubic<TF, TD>(x, tiny, out var sLo);
        var small = TF.ScaleB(sHi + sLo, TF.Select(tiny, TF.Create(-120f), TF.Create(0f)));
        var one = TF.Create(1f);
        var e = FMath.ExpNonPositive<TF, TD>(TF.Create(-2f) * a);
        var large = TF.CopySign((a - one) + (e + e) / (one + e), x);       // 2e/(1 + e) = 1 − tanh|x|
        return TF.Select(TF.LessThan(a, TF.Create(X1)), small, large);
    }

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)] // own inlining budget
    public TF Backward<TF, TD>(TF x, TF y, TF dy) where TF : struct, IFloatVec<TF, TD> where TD : struct, IDoubleVec<TD>
    {
        var a = TF.Abs(x);
        var sHi = Cubic<TF, TD>(x, TF.Create(0f), out var sLo);   // no lane scaled (an all-zero mask): x³R only corrects x here
        var tHi = x - sHi;                                                  // tanh x = x − x³R as tHi + tLo
        var tLo = ((x - tHi) - sHi) - sLo;                                  // Fast2Sum (|x| ≥ |sHi|), then sLo
        var small = TF.Fma(tHi, tHi, (tHi + tHi) * tLo);
        var one = TF.Create(1f);
        var large = one - TF.Create(4f) * FMath.SigmoidDerivative<TF, TD>(a + a);
        return dy * TF.Select(TF.LessThan(a, TF.Create(X1)), small, large);
    }

    /// <summary>x³·R(x²) as hi + lo, for |x| &lt; 1.25 (meaningless above, where the caller selects the other branch),
    /// times 2^120 in the lanes of <paramref name="scaled"/> (x scaled by 2^40 first; x² is scaled back for R, where a
    /// value below 2^−60 is as good as 0).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TF Cubic<TF, TD>(TF x, TF scaled, out TF lo) where TF : struct, IFloatVec<TF, TD> where TD : struct, IDoubleVec<TD>
    {
        x *= TF.Select(scaled, TF.Create(1.099511627776e12f), TF.Create(1f));
        var zs = x * x;
        var zsLo = TF.FmaSub(x, x, zs);
        var back = TF.Select(scaled, TF.Create(8.271806125530277e-25f), TF.Create(1f));   // 2^−80
        var z = zs * back;
        var zLo = zsLo * back;
        var p = TF.Create(-7.073712823e-06f);
        p = TF.Fma(p, z, TF.Create(7.304356404e-05f));
        p = TF.Fma(p, z, TF.Create(-3.660306393e-04f));
        p = TF.Fma(p, z, TF.Create(1.247268519e-03f));
        p = TF.Fma(p, z, TF.Create(-3.463075496e-03f));
        p = TF.Fma(p, z, TF.Create(8.812526241e-03f));
        p = TF.Fma(p, z, TF.Create(-2.185771801e-02f));
        p = TF.Fma(p, z, TF.Create(5.396683887e-02f));
        // R = c0 + z·(c1 + z·p): the two last steps as exact pairs, with the low parts of c0, c1 and of z.
        var pr = z * p;
        var prLo = TF.Fma(zLo, p, TF.FmaSub(z, p, pr));
        var c1 = TF.Create(-0.1333332657814026f);
        var vHi = c1 + pr;                                                  // |c1| ≥ |z·p| (Fast2Sum)
        var vLo = ((c1 - vHi) + pr) + (prLo + TF.Create(-1.998563536886877e-10f));
        var w = z * vHi;
        var wLo = TF.Fma(zLo, vHi, TF.Fma(z, vLo, TF.FmaSub(z, vHi, w)));
        var c0 = TF.Create(0.3333333432674408f);
        var rHi = c0 + w;                                                   // |c0| ≥ |w|
        var rLo = ((c0 - rHi) + w) + (wLo + TF.Create(-1.0472192002453085e-08f));
        var x3 = x * zs;
        var x3Lo = TF.Fma(x, zsLo, TF.FmaSub(x, zs, x3));
        var hi = x3 * rHi;
        lo = TF.Fma(x3, rLo, TF.Fma(x3Lo, rHi, TF.FmaSub(x3, rHi, hi)));
        return hi;
    }
}
