using System.Runtime.CompilerServices;
using ActLab.Kernels.Simd;

namespace ActLab.Kernels.Activations;

/// <summary>GELU(x) = x·Φ(x) = x·½(1 + erf(x/√2))</summary>
/// <remarks>GELU′(x) = Φ(x) + x·φ(x), φ(x) = e^(−x²/2)/√(2π). Φ is computed through erfc (fdlibm's rational
/// approximations, in double), so the negative tail keeps full relative precision. Minimum about −0.170 at
/// x ≈ −0.752; maximum slope ≈ 1.129 at x = √2. PyTorch's <c>approximate='none'</c>; the tanh form is
/// <see cref="GeluTanh"/>. Hendrycks &amp; Gimpel 2016, arXiv:1606.08415.</remarks>
public readonly struct Gelu : IUnaryKernel
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
        public TD2 Apply<TD2>(TD2 x) where TD2 : struct, IDoubleVec<TD2> => x * DMath.NormalCdf(x);
    }
    private readonly struct Grad : IDFunc
    {
        [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)] // own inlining budget
        public TD2 Apply<TD2>(TD2 x) where TD2 : struct, IDoubleVec<TD2> => TD2.Fma(x, DMath.NormalPdf(x), DMath.NormalCdf(x));
    }
}
