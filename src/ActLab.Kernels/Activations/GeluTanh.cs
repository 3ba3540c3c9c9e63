using System.Runtime.CompilerServices;
using ActLab.Kernels.Simd;

namespace ActLab.Kernels.Activations;

/// <summary>GELU_tanh(x) = ½x(1 + tanh(√(2/π)(x + 0.044715x³)))</summary>
/// <remarks>GELU_tanh′(x) = ½(1 + tanh u) + ½x·sech²(u)·√(2/π)(1 + 3·0.044715x²), u = √(2/π)(x + 0.044715x³).
/// Evaluated as x·σ(2u), which equals ½x(1 + tanh u) without its cancellation for negative x, and the derivative
/// as σ(2u) + 2x·σ(2u)σ(−2u)·u′. Within 4.7e-4 of the exact <see cref="Gelu"/> (largest near x = −2.70).
/// PyTorch's <c>approximate='tanh'</c> (GPT-2, TensorFlow); pytorch#39853.</remarks>
public readonly struct GeluTanh : IUnaryKernel
{
    private const double K = 0.79788456080286535588; // √(2/π)
    private const double C = 0.044715;

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
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public TD2 Apply<TD2>(TD2 x) where TD2 : struct, IDoubleVec<TD2>
        {
            var u = TD2.Create(K) * TD2.Fma(TD2.Create(C) * x * x, x, x);
            return x * DMath.Sigmoid(u + u);
        }
    }
    private readonly struct Grad : IDFunc
    {
        [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)] // own inlining budget
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
