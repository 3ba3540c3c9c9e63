using System.Runtime.CompilerServices;
using ActLab.Kernels.Simd;

namespace ActLab.Kernels.Activations;

/// <summary>ELU(x) = x if x &gt; 0, else α(e^x − 1)</summary>
/// <remarks>ELU′(x) = 1 for x &gt; 0, else αe^x, which PyTorch also returns <b>at x = 0</b> (α). Uses expm1, so
/// small negative inputs keep full precision. Saturates to −α below x ≈ −17. Default α = 1.
/// Clevert, Unterthiner &amp; Hochreiter 2015, arXiv:1511.07289.</remarks>
public readonly struct Elu(float alpha = 1f) : IUnaryKernel
{
    /// <summary>The negative saturation value α.</summary>
    public float Alpha { get; } = alpha;
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public TF Forward<TF, TD>(TF x) where TF : struct, IFloatVec<TF, TD> where TD : struct, IDoubleVec<TD>
        => DMath.Via<TF, TD, Fwd>(x, new Fwd(Alpha, 1, 1));
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public TF Backward<TF, TD>(TF x, TF y, TF dy) where TF : struct, IFloatVec<TF, TD> where TD : struct, IDoubleVec<TD>
        => dy * DMath.Via<TF, TD, Grad>(x, new Grad(Alpha, 1, 1));

    /// <summary>scale·(x &gt; 0 ? x : α(e^(x·inputScale) − 1)), PyTorch's general <c>elu</c>.</summary>
    internal readonly struct Fwd(double alpha, double scale, double inputScale) : IDFunc
    {
        [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)] // own inlining budget
        public TD2 Apply<TD2>(TD2 x) where TD2 : struct, IDoubleVec<TD2>
            => TD2.Create(scale) * TD2.Select(TD2.LessThanOrEqual(x, TD2.Create(0)), TD2.Create(alpha) * DMath.Expm1(x * TD2.Create(inputScale)), x);
    }
    /// <summary>scale·(x &gt; 0 ? 1 : α·inputScale·e^(x·inputScale)).</summary>
    internal readonly struct Grad(double alpha, double scale, double inputScale) : IDFunc
    {
        [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)] // own inlining budget
        public TD2 Apply<TD2>(TD2 x) where TD2 : struct, IDoubleVec<TD2>
            => TD2.Create(scale) * TD2.Select(TD2.LessThanOrEqual(x, TD2.Create(0)), TD2.Create(alpha * inputScale) * DMath.Exp(x * TD2.Create(inputScale)), TD2.Create(1));
    }
}
