using System.Runtime.CompilerServices;
using ActLab.Kernels.Simd;

namespace ActLab.Kernels.Activations;

/// <summary>tanhshrink(x) = x − tanh(x)</summary>
/// <remarks>tanhshrink′(x) = tanh²(x). Near 0 the difference is x³/3 − 2x⁵/15 + …, so below |x| = 0.05 it is
/// evaluated from that series (in double) instead of cancelling.</remarks>
public readonly struct Tanhshrink : IUnaryKernel, IBackwardIgnoresOutput
{
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public TF Forward<TF, TD>(TF x) where TF : struct, IFloatVec<TF, TD> where TD : struct, IDoubleVec<TD>
        => DMath.Via<TF, TD, Fwd>(x, default);
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public TF Backward<TF, TD>(TF x, TF y, TF dy) where TF : struct, IFloatVec<TF, TD> where TD : struct, IDoubleVec<TD>
        => dy * DMath.Via<TF, TD, Grad>(x, default);

    private readonly struct Fwd : IDFunc
    {
        [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)] // own inlining budget
        public TD2 Apply<TD2>(TD2 x) where TD2 : struct, IDoubleVec<TD2>
        {
            var z = x * x;
            // x − tanh x = x³(1/3 − 2z/15 + 17z²/315 − 62z³/2835 + 1382z⁴/155925 − 21844z⁵/6081075)
            var series = x * z * DMath.Poly(z, 1.0 / 3, -2.0 / 15, 17.0 / 315, -62.0 / 2835, 1382.0 / 155925, -21844.0 / 6081075);
            return TD2.Select(TD2.LessThan(TD2.Abs(x), TD2.Create(0.05)), series, x - DMath.Tanh(x));
        }
    }
    private readonly struct Grad : IDFunc
    {
        [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)] // own inlining budget
        public TD2 Apply<TD2>(TD2 x) where TD2 : struct, IDoubleVec<TD2>
        {
            var t = DMath.Tanh(x);
            return t * t;
        }
    }
}
