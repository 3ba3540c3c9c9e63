using ActLab.Kernels.Simd;

namespace ActLab.Kernels.Activations;

/// <summary>Which formula <see cref="Gelu"/> evaluates (PyTorch's <c>approximate</c>).</summary>
public enum GeluApproximate
{
    /// <summary>The exact x·Φ(x) with the error function.</summary>
    None,
    /// <summary>0.5x(1 + tanh(√(2/π)(x + 0.044715x³))), as in GPT-2 and TensorFlow.</summary>
    Tanh,
}

/// <summary>GELU(x) = x·Φ(x) = x·½(1 + erf(x/√2)); with approximate=tanh, ½x(1 + tanh(√(2/π)(x + 0.044715x³)))</summary>
/// <remarks>GELU′(x) = Φ(x) + x·φ(x). Φ is computed through erfc (fdlibm's rational approximations, in double), so
/// the negative tail keeps full relative precision; the tanh form is evaluated as x·σ(2u), which equals
/// ½x(1 + tanh u) without its cancellation. The two forms differ by at most 4.7e-4 (near x = −2.70).
/// Minimum about −0.170 at x ≈ −0.752. Hendrycks &amp; Gimpel 2016, arXiv:1606.08415.</remarks>
public readonly struct Gelu(GeluApproximate approximate = GeluApproximate.None) : IUnaryKernel
{
    /// <summary>The formula in use.</summary>
    public GeluApproximate Approximate { get; } = approximate;
    /// <inheritdoc/>
    public TF Forward<TF, TD>(TF x) where TF : struct, IFloatVec<TF, TD> where TD : struct, IDoubleVec<TD>
        => Approximate == GeluApproximate.Tanh ? DMath.Via<TF, TD, TanhFwd>(x, default) : DMath.Via<TF, TD, ErfFwd>(x, default);
    /// <inheritdoc/>
    public TF Backward<TF, TD>(TF x, TF y, TF dy) where TF : struct, IFloatVec<TF, TD> where TD : struct, IDoubleVec<TD>
        => dy * (Approximate == GeluApproximate.Tanh ? DMath.Via<TF, TD, TanhGrad>(x, default) : DMath.Via<TF, TD, ErfGrad>(x, default));

    private const double K = 0.79788456080286535588; // √(2/π)
    private const double C = 0.044715;

    private readonly struct ErfFwd : IDFunc
    {
        public TD2 Apply<TD2>(TD2 x) where TD2 : struct, IDoubleVec<TD2> => x * DMath.NormalCdf(x);
    }
    private readonly struct ErfGrad : IDFunc
    {
        public TD2 Apply<TD2>(TD2 x) where TD2 : struct, IDoubleVec<TD2> => TD2.Fma(x, DMath.NormalPdf(x), DMath.NormalCdf(x));
    }
    private readonly struct TanhFwd : IDFunc
    {
        public TD2 Apply<TD2>(TD2 x) where TD2 : struct, IDoubleVec<TD2>
        {
            var u = TD2.Create(K) * TD2.Fma(TD2.Create(C) * x * x, x, x);
            return x * DMath.Sigmoid(u + u);
        }
    }
    private readonly struct TanhGrad : IDFunc
    {
        public TD2 Apply<TD2>(TD2 x) where TD2 : struct, IDoubleVec<TD2>
        {
            var x2 = x * x;
            var u = TD2.Create(K) * TD2.Fma(TD2.Create(C) * x2, x, x);
            var du = TD2.Create(K) * TD2.Fma(TD2.Create(3 * C), x2, TD2.Create(1));
            var s = DMath.Sigmoid(u + u);
            var sn = DMath.Sigmoid(-(u + u));
            return TD2.Fma(TD2.Create(2) * x * s * sn, du, s);
        }
    }
}
