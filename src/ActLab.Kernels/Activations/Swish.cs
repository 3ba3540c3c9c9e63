using System.Runtime.CompilerServices;
using ActLab.Kernels.Simd;

namespace ActLab.Kernels.Activations;

/// <summary>Swish_β(x) = x · σ(βx)</summary>
/// <remarks>Swish_β′(x) = σ(βx) + βx·σ(βx)(1 − σ(βx)), computed in double with σ(βx)σ(−βx) for the product so
/// it does not cancel. β = 1 is SiLU; as β → ∞ it tends to ReLU. Ramachandran, Zoph &amp; Le 2017,
/// arXiv:1710.05941.</remarks>
public readonly struct Swish(float beta = 1f) : IUnaryKernel
{
    /// <summary>The slope β inside the sigmoid.</summary>
    public float Beta { get; } = beta;
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public TF Forward<TF, TD>(TF x) where TF : struct, IFloatVec<TF, TD> where TD : struct, IDoubleVec<TD>
        => DMath.Via<TF, TD, Fwd>(x, new Fwd(Beta));
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public TF Backward<TF, TD>(TF x, TF y, TF dy) where TF : struct, IFloatVec<TF, TD> where TD : struct, IDoubleVec<TD>
        => dy * DMath.Via<TF, TD, Grad>(x, new Grad(Beta));

    internal readonly struct Fwd(double beta) : IDFunc
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public TD2 Apply<TD2>(TD2 x) where TD2 : struct, IDoubleVec<TD2> => x * DMath.Sigmoid(TD2.Create(beta) * x);
    }
    internal readonly struct Grad(double beta) : IDFunc
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public TD2 Apply<TD2>(TD2 x) where TD2 : struct, IDoubleVec<TD2>
        {
            var bx = TD2.Create(beta) * x;
            var s = DMath.Sigmoid(bx);
            return TD2.Fma(bx * s, DMath.Sigmoid(-bx), s);
        }
    }
}
