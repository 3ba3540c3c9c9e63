using System.Runtime.CompilerServices;
using ActLab.Kernels.Simd;

namespace ActLab.Kernels.Activations;

/// <summary>f(x) = 1 if x &gt; 0, else 0 (the perceptron's step function of the tutorials)</summary>
/// <remarks>f′(x) = 0 wherever it exists (as autograd returns for <c>torch.heaviside</c>), so a step cannot be
/// trained by gradient descent: the tutorials' reason to replace it. NaN gives NaN.</remarks>
public readonly struct BinaryStep : IUnaryKernel, IBackwardIgnoresOutput
{
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public TF Forward<TF, TD>(TF x) where TF : struct, IFloatVec<TF, TD> where TD : struct, IDoubleVec<TD>
        => TF.Select(TF.IsNaN(x), x, TF.Select(TF.GreaterThan(x, TF.Create(0f)), TF.Create(1f), TF.Create(0f)));
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public TF Backward<TF, TD>(TF x, TF y, TF dy) where TF : struct, IFloatVec<TF, TD> where TD : struct, IDoubleVec<TD>
        => TF.Create(0f);
}
