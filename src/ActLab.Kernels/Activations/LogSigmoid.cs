using System.Runtime.CompilerServices;
using ActLab.Kernels.Simd;

namespace ActLab.Kernels.Activations;

/// <summary>log σ(x) = −ln(1 + e^(−x))</summary>
/// <remarks>(log σ)′(x) = σ(−x) = 1 − σ(x). Evaluated as min(x, 0) − ln(1 + e^(−|x|)) (PyTorch's kernel), which
/// neither overflows at −300 nor loses the small values at +20. Range (−∞, 0).</remarks>
public readonly struct LogSigmoid : IUnaryKernel
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
            => TD2.Min(x, TD2.Create(0)) - DMath.Log1pUnit(DMath.Exp(-TD2.Abs(x)));
    }
    private readonly struct Grad : IDFunc
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public TD2 Apply<TD2>(TD2 x) where TD2 : struct, IDoubleVec<TD2> => DMath.Sigmoid(-x);
    }
}
