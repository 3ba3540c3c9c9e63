using System.Runtime.CompilerServices;
using ActLab.Kernels.Simd;

namespace ActLab.Kernels.Activations;

/// <summary>squareplus(x) = (x + √(x² + b)) / 2</summary>
/// <remarks>squareplus′(x) = (1 + x/√(x² + b)) / 2. For x &lt; 0 both are rewritten as b/(2(√(x² + b) − x)) and
/// b/(2√(x² + b)(√(x² + b) − x)), which do not cancel; evaluated in double, so x² does not overflow.
/// b &gt; 0, default 4 (Keras). A softplus made of algebra only. Barron 2021, arXiv:2112.11687.</remarks>
public readonly struct Squareplus(float b = 4f) : IUnaryKernel, IBackwardIgnoresOutput
{
    /// <summary>The curvature b at the origin.</summary>
    public float B { get; } = b;
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public TF Forward<TF, TD>(TF x) where TF : struct, IFloatVec<TF, TD> where TD : struct, IDoubleVec<TD>
        => DMath.Via<TF, TD, Fwd>(x, new Fwd(B));
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public TF Backward<TF, TD>(TF x, TF y, TF dy) where TF : struct, IFloatVec<TF, TD> where TD : struct, IDoubleVec<TD>
        => dy * DMath.Via<TF, TD, Grad>(x, new Grad(B));

    private readonly struct Fwd(double b) : IDFunc
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public TD2 Apply<TD2>(TD2 x) where TD2 : struct, IDoubleVec<TD2>
        {
            var s = TD2.Sqrt(TD2.Fma(x, x, TD2.Create(b)));
            var half = TD2.Create(0.5);
            return TD2.Select(TD2.LessThan(x, TD2.Create(0)), TD2.Create(b) * half / (s - x), (x + s) * half);
        }
    }
    private readonly struct Grad(double b) : IDFunc
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public TD2 Apply<TD2>(TD2 x) where TD2 : struct, IDoubleVec<TD2>
        {
            var s = TD2.Sqrt(TD2.Fma(x, x, TD2.Create(b)));
            var half = TD2.Create(0.5);
            return TD2.Select(TD2.LessThan(x, TD2.Create(0)), TD2.Create(b) * half / (s * (s - x)), half + half * (x / s));
        }
    }
}
