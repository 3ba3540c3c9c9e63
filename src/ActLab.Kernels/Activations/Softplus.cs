using System.Runtime.CompilerServices;
using ActLab.Kernels.Simd;

namespace ActLab.Kernels.Activations;

/// <summary>softplus(x) = (1/β)·ln(1 + e^(βx)), and x where βx &gt; threshold</summary>
/// <remarks>softplus′(x) = σ(βx), and 1 where βx &gt; threshold. Evaluated in float as
/// (max(p, 0) + ln(1 + e^(−|p|)))/β with p = βx, so it never overflows even with a large threshold (PyTorch's
/// e^(βx) does past βx ≈ 88); p is carried as an exact product hi + lo, whose lo enters to first order
/// (σ(p)·lo), since a rounded p alone would cost |p|/2 ULP in the negative tail.
/// The threshold test is made on the float product βx, as PyTorch's kernel does. Defaults β = 1, threshold = 20.
/// A smooth ReLU; Dugas et al. 2001.</remarks>
public readonly struct Softplus(float beta = 1f, float threshold = 20f) : IUnaryKernel, IBackwardIgnoresOutput
{
    /// <summary>The sharpness β.</summary>
    public float Beta { get; } = beta;
    /// <summary>Above βx = threshold the function is x.</summary>
    public float Threshold { get; } = threshold;
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public TF Forward<TF, TD>(TF x) where TF : struct, IFloatVec<TF, TD> where TD : struct, IDoubleVec<TD>
    {
        var b = TF.Create(Beta);
        TF p, pLo = TF.Create(0f);
        if (Beta == 1f) p = x;
        else p = FMath.TwoProduct<TF, TD>(b, x, out pLo);
        var e = FMath.ExpNonPositive<TF, TD>(-TF.Abs(p));
        var l = FMath.Log1pUnit<TF, TD>(e);
        TF sp;
        if (Beta == 1f) sp = TF.Max(p, TF.Create(0f)) + l;
        else
        {
            var one = TF.Create(1f);
            var s = TF.Select(TF.LessThan(p, TF.Create(0f)), e, one) / (one + e);
            sp = (TF.Max(p, TF.Create(0f)) + TF.Fma(s, pLo, l)) / b;
        }
        return TF.Select(TF.GreaterThan(p, TF.Create(Threshold)), x, sp);
    }
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public TF Backward<TF, TD>(TF x, TF y, TF dy) where TF : struct, IFloatVec<TF, TD> where TD : struct, IDoubleVec<TD>
    {
        if (Beta == 1f) return TF.Select(TF.GreaterThan(x, TF.Create(Threshold)), dy, dy * FMath.Sigmoid<TF, TD>(x));
        var p = FMath.TwoProduct<TF, TD>(TF.Create(Beta), x, out var pLo);
        var s = FMath.Sigmoid<TF, TD>(p);
        s = TF.Fma(s * (TF.Create(1f) - s), pLo, s);
        return TF.Select(TF.GreaterThan(p, TF.Create(Threshold)), dy, dy * s);
    }
}
