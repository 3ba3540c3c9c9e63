using System.Runtime.CompilerServices;
using ActLab.Kernels.Simd;

namespace ActLab.Kernels.Activations;

/// <summary>softplus(x) = (1/β)·ln(1 + e^(βx)), and x where βx &gt; threshold</summary>
/// <remarks>softplus′(x) = σ(βx), and 1 where βx &gt; threshold. Evaluated as max(βx, 0) + ln(1 + e^(−|βx|)) in
/// double, so it never overflows even with a large threshold (PyTorch's e^(βx) does past βx ≈ 88).
/// The threshold test is made on the float product βx, as PyTorch's kernel does. Defaults β = 1, threshold = 20.
/// A smooth ReLU; Dugas et al. 2001.</remarks>
public readonly struct Softplus(float beta = 1f, float threshold = 20f) : IUnaryKernel
{
    /// <summary>The sharpness β.</summary>
    public float Beta { get; } = beta;
    /// <summary>Above βx = threshold the function is x.</summary>
    public float Threshold { get; } = threshold;
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public TF Forward<TF, TD>(TF x) where TF : struct, IFloatVec<TF, TD> where TD : struct, IDoubleVec<TD>
        => TF.Select(TF.GreaterThan(x * TF.Create(Beta), TF.Create(Threshold)), x, DMath.Via<TF, TD, Fwd>(x, new Fwd(Beta)));
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public TF Backward<TF, TD>(TF x, TF y, TF dy) where TF : struct, IFloatVec<TF, TD> where TD : struct, IDoubleVec<TD>
        => TF.Select(TF.GreaterThan(x * TF.Create(Beta), TF.Create(Threshold)), dy, dy * DMath.Via<TF, TD, Grad>(x, new Grad(Beta)));

    private readonly struct Fwd(double beta) : IDFunc
    {
        [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)] // own inlining budget
        public TD2 Apply<TD2>(TD2 x) where TD2 : struct, IDoubleVec<TD2> => DMath.Softplus(TD2.Create(beta) * x) * TD2.Create(1 / beta);
    }
    private readonly struct Grad(double beta) : IDFunc
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public TD2 Apply<TD2>(TD2 x) where TD2 : struct, IDoubleVec<TD2> => DMath.Sigmoid(TD2.Create(beta) * x);
    }
}
