using System.Runtime.CompilerServices;
using ActLab.Kernels.Simd;

namespace ActLab.Kernels.Activations;

/// <summary>snake(x) = x + sin²(αx)/α</summary>
/// <remarks>snake′(x) = 1 + sin(2αx). A periodic inductive bias for periodic data and audio; α ≠ 0, default 1
/// (learnable per channel in the paper; fixed here). In double, rounded once; the sine is DMath's reduced one (the BCL's
/// vector sine only where |αx| exceeds its range, 1.6e6). Liu Ziyin, Hartwig &amp; Ueda 2020, arXiv:2006.08195.</remarks>
public readonly struct Snake(float alpha = 1f) : IUnaryKernel, IBackwardIgnoresOutput
{
    /// <summary>The frequency α.</summary>
    public float Alpha { get; } = alpha;
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public TF Forward<TF, TD>(TF x) where TF : struct, IFloatVec<TF, TD> where TD : struct, IDoubleVec<TD>
        => DMath.Via<TF, TD, Fwd>(x, new Fwd(Alpha));
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public TF Backward<TF, TD>(TF x, TF y, TF dy) where TF : struct, IFloatVec<TF, TD> where TD : struct, IDoubleVec<TD>
        => dy * DMath.Via<TF, TD, Grad>(x, new Grad(Alpha));

    private readonly struct Fwd(double a) : IDFunc
    {
        [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)] // own inlining budget
        public TD2 Apply<TD2>(TD2 x) where TD2 : struct, IDoubleVec<TD2>
        {
            var t = TD2.Create(a) * x; // exact: two 24-bit significands
            TD2 s2;
            if (DMath.SinCosRange(t)) s2 = DMath.SinSquaredReduced(t);
            else { var s = TD2.Sin(t); s2 = s * s; }
            return TD2.Fma(s2, TD2.Create(1 / a), x);
        }
    }
    private readonly struct Grad(double a) : IDFunc
    {
        [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)] // own inlining budget
        public TD2 Apply<TD2>(TD2 x) where TD2 : struct, IDoubleVec<TD2>
        {
            var t = TD2.Create(2 * a) * x;
            return TD2.Create(1) + (DMath.SinCosRange(t) ? DMath.SinReduced(t, out _) : TD2.Sin(t));
        }
    }
}
