using System.Runtime.CompilerServices;
using ActLab.Kernels.Simd;

namespace ActLab.Kernels.Activations;

/// <summary>GELU_tanh(x) = ½x(1 + tanh(√(2/π)(x + 0.044715x³)))</summary>
/// <remarks>GELU_tanh′(x) = ½(1 + tanh u) + ½x·sech²(u)·√(2/π)(1 + 3·0.044715x²), u = √(2/π)(x + 0.044715x³).
/// Evaluated as x·σ(v) with v = 2u, which equals ½x(1 + tanh u) without its cancellation for negative x, and the
/// derivative as σ(v)(1 + w·σ(−v)) with w = x·v′. Only the polynomials v and w are computed in double (and split
/// into float pairs, since σ(v) is sensitive to v's rounding in the tail); the sigmoids run in float
/// (<see cref="FMath.XSigmoid{TF, TD}(TF, TF, TF)"/>, <see cref="FMath.SigmoidProductDerivative{TF, TD}"/>).
/// Within 4.7e-4 of the exact <see cref="Gelu"/> (largest near x = −2.70).
/// PyTorch's <c>approximate='tanh'</c> (GPT-2, TensorFlow); pytorch#39853.</remarks>
public readonly struct GeluTanh : IUnaryKernel, IBackwardIgnoresOutput
{
    private const double K2 = 2 * 0.79788456080286535588; // 2√(2/π)
    private const double C = 0.044715;

    /// <inheritdoc/>
    // Not inlined: with the double polynomials and the refined quotient the body exceeds the driver's inlining budget
    // (calls to the vector primitives were left behind: 15.8 ns/element backward); as a method of its own it is whole.
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    public TF Forward<TF, TD>(TF x) where TF : struct, IFloatVec<TF, TD> where TD : struct, IDoubleVec<TD>
    {
        TF.Widen(x, out var a, out var b);
        var v = FMath.Split<TF, TD>(V(a), V(b), out var vLo);
        var r = FMath.XSigmoid<TF, TD>(x, v, vLo);
        var num = TF.Select(TF.LessThan(x, TF.Create(0f)), TF.Create(0f), TF.Create(1f));
        return TF.Select(TF.Equal(TF.Abs(x), TF.Create(float.PositiveInfinity)), x * num, r);
    }

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    public TF Backward<TF, TD>(TF x, TF y, TF dy) where TF : struct, IFloatVec<TF, TD> where TD : struct, IDoubleVec<TD>
    {
        TF.Widen(x, out var a, out var b);
        var v = FMath.Split<TF, TD>(V(a), V(b), out var vLo);
        var w = FMath.Split<TF, TD>(W(a), W(b), out var wLo);
        var big = TF.Create(1e30f);
        v = TF.Min(TF.Max(v, -big), big);
        w = TF.Min(TF.Max(w, -big), big);
        return dy * (FMath.SigmoidProductDerivative<TF, TD>(v, vLo, w, wLo) + TF.Create(0f) * x);
    }

    /// <summary>v = 2√(2/π)(x + 0.044715x³).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TD V<TD>(TD x) where TD : struct, IDoubleVec<TD> => TD.Create(K2) * TD.Fma(TD.Create(C) * x * x, x, x);

    /// <summary>w = x·v′ = 2√(2/π)·x(1 + 3·0.044715x²).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TD W<TD>(TD x) where TD : struct, IDoubleVec<TD> => TD.Create(K2) * x * TD.Fma(TD.Create(3 * C) * x, x, TD.Create(1));
}
