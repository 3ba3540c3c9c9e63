using System.Runtime.CompilerServices;
using ActLab.Kernels.Simd;

namespace ActLab.Kernels.Activations;

/// <summary>SELU(x) = λ·x if x &gt; 0, else λα(e^x − 1), with α ≈ 1.6733 and λ ≈ 1.0507</summary>
/// <remarks>SELU′(x) = λ for x &gt; 0, else λαe^x, which PyTorch also returns <b>at x = 0</b> (λα ≈ 1.7581).
/// The constants make activations self-normalising (mean 0, variance 1) with LeCun-normal initialisation.
/// Klambauer et al. 2017, arXiv:1706.02515.</remarks>
public readonly struct Selu : IUnaryKernel, IBackwardIgnoresOutput
{
    /// <summary>α = 1.6732632423543772848170429916717 (rounded to float, as PyTorch's float kernel uses it).</summary>
    public const float Alpha = 1.6732632423543772848170429916717f;
    /// <summary>λ = 1.0507009873554804934193349852946 (rounded to float).</summary>
    public const float Scale = 1.0507009873554804934193349852946f;
    private const double C = (double)Scale * Alpha;
    private static Elu.Core Core
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => new(Alpha, Scale, false, (float)C, (float)(C - (float)C), (float)C, (float)(C - (float)C));
    }
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public TF Forward<TF, TD>(TF x) where TF : struct, IFloatVec<TF, TD> where TD : struct, IDoubleVec<TD>
        => Core.Forward<TF, TD>(x);
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public TF Backward<TF, TD>(TF x, TF y, TF dy) where TF : struct, IFloatVec<TF, TD> where TD : struct, IDoubleVec<TD>
        => dy * Core.Derivative<TF, TD>(x);
}
