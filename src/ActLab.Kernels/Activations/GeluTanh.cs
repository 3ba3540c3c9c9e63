using System.Runtime.CompilerServices;
using ActLab.Kernels.Simd;

namespace ActLab.Kernels.Activations;

/// <summary>GELU_tanh(x) = ½x(1 + tanh(√(2/π)(x + 0.044715x³)))</summary>
/// <remarks>GELU_tanh′(x) = ½(1 + tanh u) + ½x·sech²(u)·√(2/π)(1 + 3·0.044715x²), u = √(2/π)(x + 0.044715x³).
/// Evaluated as x·σ(v) with v = 2u, which equals ½x(1 + tanh u) without its cancellation for negative x, and the
/// derivative as σ(v)(1 + w·σ(−v)) with w = x·v′. The polynomials v and w are float pairs (see Polynomial), since
/// σ(v) is sensitive to v's rounding in the tail; the sigmoids run in float
/// (<see cref="FMath.XSigmoid{TF, TD}(TF, TF, TF)"/>, <see cref="FMath.SigmoidProductDerivative{TF, TD}"/>).
/// Within 4.7e-4 of the exact <see cref="Gelu"/> (largest near x = −2.70).
/// PyTorch's <c>approximate='tanh'</c> (GPT-2, TensorFlow); pytorch#39853.</remarks>
public readonly struct GeluTanh : IUnaryKernel, IBackwardIgnoresOutput
{
    // 2√(2/π), 0.044715 and 3·0.044715 as float pairs hi + lo (each within 2^−49 relative of the double the formula
    // names: 2^−52.7, 2^−49.7 and 2^−49.3).
    private const float K2Hi = 1.5957691669464111f;
    private const float K2Lo = -4.534068054340423e-08f;
    private const float CHi = 0.044714998453855515f;
    private const float CLo = 1.5461444347053543e-09f;
    private const float C3Hi = 0.13414500653743744f;
    private const float C3Lo = -6.537437258202772e-09f;

    /// <inheritdoc/>
    // Not inlined: with the pair polynomials and the refined quotient the body exceeds the driver's inlining budget
    // (calls to the vector primitives were left behind: 15.8 ns/element backward); as a method of its own it is whole.
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    public TF Forward<TF, TD>(TF x) where TF : struct, IFloatVec<TF, TD> where TD : struct, IDoubleVec<TD>
    {
        var xc = Clamp<TF, TD>(x);
        var s = xc * xc;
        var sLo = TF.FmaSub(xc, xc, s);
        var v = Polynomial<TF, TD>(xc, s, sLo, CHi, CLo, out var vLo);
        var r = FMath.XSigmoid<TF, TD>(x, v, vLo);
        var num = TF.Select(TF.LessThan(x, TF.Create(0f)), TF.Create(0f), TF.Create(1f));
        return TF.Select(TF.Equal(TF.Abs(x), TF.Create(float.PositiveInfinity)), x * num, r);
    }

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    public TF Backward<TF, TD>(TF x, TF y, TF dy) where TF : struct, IFloatVec<TF, TD> where TD : struct, IDoubleVec<TD>
    {
        var xc = Clamp<TF, TD>(x);
        var s = xc * xc;
        var sLo = TF.FmaSub(xc, xc, s);
        var v = Polynomial<TF, TD>(xc, s, sLo, CHi, CLo, out var vLo);
        var w = Polynomial<TF, TD>(xc, s, sLo, C3Hi, C3Lo, out var wLo);
        return dy * (FMath.SigmoidProductDerivative<TF, TD>(v, vLo, w, wLo) + TF.Create(0f) * x);
    }

    /// <summary>x clamped to ±10⁴ for the polynomials (NaN passes): beyond, |v| > 7·10¹⁰ and σ(v) is 0 or 1 to
    /// float precision, and x³ stays far from overflow, so their exact products are finite.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TF Clamp<TF, TD>(TF x) where TF : struct, IFloatVec<TF, TD> where TD : struct, IDoubleVec<TD>
        => TF.MinPropagateSecond(TF.Create(1e4f), TF.MaxPropagateSecond(TF.Create(-1e4f), x));

    /// <summary>K₂·x·(1 + c·x²) as a float pair hi + lo, from x² = s + sLo (exact) and c = cHi + cLo: v with
    /// c = 0.044715, w = x·v′ with c = 3·0.044715. c·x² is an exact product plus its low terms, 1 + c·x² an exact
    /// sum (Fast2Sum on the larger, both ≥ 0), and the products by x and K₂ exact with their low terms folded in by
    /// FMAs, so the pair is within about 2^−44 relative (σ(v) in the tail needs v to better than float: a float v
    /// near −100 would be 2^−17 off, 128 ULP of σ).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TF Polynomial<TF, TD>(TF x, TF s, TF sLo, float cHi, float cLo, out TF lo) where TF : struct, IFloatVec<TF, TD> where TD : struct, IDoubleVec<TD>
    {
        var one = TF.Create(1f);
        var ch = TF.Create(cHi);
        var cs = ch * s;
        var csLo = TF.Fma(ch, sLo, TF.Fma(TF.Create(cLo), s, TF.FmaSub(ch, s, cs)));
        var big = TF.MaxNative(one, cs);
        var small = TF.MinNative(one, cs);
        var aHi = big + small;
        var aLo = ((big - aHi) + small) + csLo;
        var m = x * aHi;
        var mLo = TF.Fma(x, aLo, TF.FmaSub(x, aHi, m));
        var kh = TF.Create(K2Hi);
        var hi = kh * m;
        lo = TF.Fma(kh, mLo, TF.Fma(TF.Create(K2Lo), m, TF.FmaSub(kh, m, hi)));
        return hi;
    }
}
