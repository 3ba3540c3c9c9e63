using System.Runtime.CompilerServices;
using ActLab.Kernels.Simd;

namespace ActLab.Kernels.Activations;

/// <summary>f(x) = x · min(max(x + 3, 0), 6) / 6</summary>
/// <remarks>f′(x) = 0 for x &lt; −3, x/3 + 1/2 for −3 ≤ x ≤ 3, 1 for x &gt; 3: PyTorch's kernel, whose closed
/// intervals give <b>−0.5 at x = −3 and 1.5 at x = 3</b>. The forward is x itself above 3 and is otherwise evaluated in double and rounded once: correctly rounded, and
/// finite where PyTorch's float x·6/6 overflows (x &gt; 5.7e37). The backward is computed as (x + 1.5)/3, exact where
/// PyTorch's x/3 + 1/2 cancels (near x = −1.5). Howard et al. 2019, arXiv:1905.02244.</remarks>
public readonly struct Hardswish : IUnaryKernel, IBackwardIgnoresOutput
{
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public TF Forward<TF, TD>(TF x) where TF : struct, IFloatVec<TF, TD> where TD : struct, IDoubleVec<TD>
    {
        // x is clamped to [−3, 3] in float, one hardware min and max each (x the second operand, so NaN passes), where
        // the double formula's IEEE min/max of x + 3 cost three instructions each per half. Below −3 the clamped
        // x·(x + 3) is −3·0 = −0, as x·0 is; + 0·x restores NaN at −∞ (−∞·0, PyTorch's value) and changes no other
        // lane (q + ±0 = q, and −0 + −0 = −0).
        var xc = TF.MinPropagateSecond(TF.Create(3f), TF.MaxPropagateSecond(TF.Create(-3f), x));
        var mid = DMath.Via<TF, TD, Fwd>(xc, default) + TF.Create(0f) * x;
        return TF.Select(TF.GreaterThan(x, TF.Create(3f)), x, mid);
    }
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public TF Backward<TF, TD>(TF x, TF y, TF dy) where TF : struct, IFloatVec<TF, TD> where TD : struct, IDoubleVec<TD>
    {
        // (x + 1.5)/3 equals PyTorch's x/3 + 1/2 (same kink values) without its cancellation near x = −1.5.
        var mid = dy * ((x + TF.Create(1.5f)) / TF.Create(3f));
        return TF.Select(TF.LessThan(x, TF.Create(-3f)), TF.Create(0f), TF.Select(TF.LessThanOrEqual(x, TF.Create(3f)), mid, dy));
    }

    private readonly struct Fwd : IDFunc
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public TD2 Apply<TD2>(TD2 x) where TD2 : struct, IDoubleVec<TD2>
        {
            // p/6 without a division (a vector division costs more than the rest of the pass), bit for bit the
            // same: q = p·RN(1/6) is faithful, r = p − 6q is exact (FMA), and q + r·RN(1/6) in one FMA is the
            // correctly rounded quotient (Markstein's theorem; every float in [−3.5, 3.5) checked against the double
            // formula with tools/ActLab.DocGen --exhaustive, and whole binades by ExhaustiveBinadeTests).
            var p = x * (x + TD2.Create(3));                               // x in [−3, 3] (clamped by the caller): exact
            var inv = TD2.Create(1.0 / 6);
            var q = p * inv;
            return TD2.CopySign(TD2.Fma(TD2.FmaNeg(q, TD2.Create(6), p), inv, q), p); // −0 stays −0 (x = −3), as p/6
        }
    }
}
