using System.Runtime.CompilerServices;
using ActLab.Kernels.Simd;

namespace ActLab.Kernels.Activations;

/// <summary>Swish_β(x) = x · σ(βx)</summary>
/// <remarks>Swish_β′(x) = σ(βx)(1 + βx·σ(−βx)). Both in float: the forward as one refined quotient
/// (<see cref="FMath.XSigmoid{TF, TD}(TF, TF, TF)"/>); the derivative, which crosses zero at βx ≈ −1.2785 (the minimum), through
/// <see cref="FMath.SigmoidProductDerivative{TF, TD}"/>, which carries e^(βx) and 1 + βx as exact pairs there.
/// βx is an exact product hi + lo. β = 1 is SiLU; as β → ∞ it tends to ReLU. Ramachandran, Zoph &amp; Le 2017,
/// arXiv:1710.05941.</remarks>
public readonly struct Swish(float beta = 1f) : IUnaryKernel, IBackwardIgnoresOutput
{
    /// <summary>The slope β inside the sigmoid.</summary>
    public float Beta { get; } = beta;
    // β = 1 (SiLU's formula, one path) is inlined into the driver's loop; any other β runs in a method of its own (as
    // GELU's formulas do): inlined with both paths, swish exhausted the loop's inlining budget on AVX2 and SSE, and the
    // vector primitives stayed calls (DOTNET_JitDisasmSummary listed F256.Load and F256.Store compiled on their own;
    // swish:beta=2 ran 15.3 ns/element on AVX2). JitKernelInliningTests checks it.
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public TF Forward<TF, TD>(TF x) where TF : struct, IFloatVec<TF, TD> where TD : struct, IDoubleVec<TD>
        => Beta == 1f ? Forward<TF, TD>(x, 1f) : ForwardGeneral<TF, TD>(x, Beta);
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public TF Backward<TF, TD>(TF x, TF y, TF dy) where TF : struct, IFloatVec<TF, TD> where TD : struct, IDoubleVec<TD>
        => dy * (Beta == 1f ? Derivative<TF, TD>(x, 1f) : DerivativeGeneral<TF, TD>(x, Beta));

    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static TF ForwardGeneral<TF, TD>(TF x, float beta) where TF : struct, IFloatVec<TF, TD> where TD : struct, IDoubleVec<TD>
        => Forward<TF, TD>(x, beta);

    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static TF DerivativeGeneral<TF, TD>(TF x, float beta) where TF : struct, IFloatVec<TF, TD> where TD : struct, IDoubleVec<TD>
        => Derivative<TF, TD>(x, beta);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static TF Forward<TF, TD>(TF x, float beta) where TF : struct, IFloatVec<TF, TD> where TD : struct, IDoubleVec<TD>
    {
        TF p, r;
        if (beta == 1f) r = FMath.XSigmoidSelf<TF, TD>(p = x);
        else
        {
            p = FMath.TwoProduct<TF, TD>(TF.Create(beta), x, out var pLo);
            r = FMath.XSigmoid<TF, TD>(x, p, pLo);
        }
        // ±∞: x·σ(βx) as the plain formula gives it (+∞, or −∞·0 = NaN, like PyTorch).
        var num = TF.Select(TF.LessThan(p, TF.Create(0f)), TF.Create(0f), TF.Create(1f));
        return TF.Select(TF.Equal(TF.Abs(x), TF.Create(float.PositiveInfinity)), x * num, r);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static TF Derivative<TF, TD>(TF x, float beta) where TF : struct, IFloatVec<TF, TD> where TD : struct, IDoubleVec<TD>
    {
        // β = 1 (SiLU): v = w = x exactly, and ±∞ gives NaN inside as well (0·∞), so neither the low parts nor the clamp.
        if (beta == 1f) return FMath.SigmoidProductDerivativeExact<TF, TD>(x, x) + TF.Create(0f) * x;
        var p = FMath.TwoProduct<TF, TD>(TF.Create(beta), x, out var pLo);
        // A product that overflowed saturates σ either way; keep it finite so that 1 + w·σ(−v) stays defined.
        var v = TF.Min(TF.Max(p, TF.Create(-1e30f)), TF.Create(1e30f));
        // + 0·x: NaN at x = ±∞, as σ(βx) + βx·σ(βx)σ(−βx) evaluates there (∞·0).
        return FMath.SigmoidProductDerivative<TF, TD>(v, pLo, v, pLo) + TF.Create(0f) * x;
    }
}
