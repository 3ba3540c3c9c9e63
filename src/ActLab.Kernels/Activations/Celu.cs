using System.Runtime.CompilerServices;
using ActLab.Kernels.Simd;

namespace ActLab.Kernels.Activations;

/// <summary>CELU(x) = max(0, x) + min(0, α(e^(x/α) − 1))</summary>
/// <remarks>CELU′(x) = 1 for x &gt; 0, else e^(x/α) (<b>1 at x = 0</b>): continuously differentiable for every α,
/// unlike ELU. α ≠ 0; default 1. Barron 2017, arXiv:1704.07483.</remarks>
public readonly struct Celu(float alpha = 1f) : IUnaryKernel, IBackwardIgnoresOutput
{
    /// <summary>α, the negative saturation value and the inverse input scale.</summary>
    public float Alpha { get; } = alpha;
    private readonly Elu.Core _core = Elu.Core.Make(alpha, 1f, true);
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public TF Forward<TF, TD>(TF x) where TF : struct, IFloatVec<TF, TD> where TD : struct, IDoubleVec<TD>
        => _core.Forward<TF, TD>(x);
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public TF Backward<TF, TD>(TF x, TF y, TF dy) where TF : struct, IFloatVec<TF, TD> where TD : struct, IDoubleVec<TD>
        => dy * _core.Derivative<TF, TD>(x);
}
