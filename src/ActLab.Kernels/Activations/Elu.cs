using System.Runtime.CompilerServices;
using ActLab.Kernels.Simd;

namespace ActLab.Kernels.Activations;

/// <summary>ELU(x) = x if x &gt; 0, else α(e^x − 1)</summary>
/// <remarks>ELU′(x) = 1 for x &gt; 0, else αe^x, which PyTorch also returns <b>at x = 0</b> (α). Uses a float
/// expm1 (<see cref="FMath.Expm1NonPositive{TF, TD}"/>), so small negative inputs keep full precision; the derivative
/// is computed from x, since y + α (PyTorch's form from the output) keeps only the absolute precision of y where
/// e^x is small. Saturates to −α below x ≈ −17. Default α = 1.
/// Clevert, Unterthiner &amp; Hochreiter 2015, arXiv:1511.07289.</remarks>
public readonly struct Elu(float alpha = 1f) : IUnaryKernel, IBackwardIgnoresOutput
{
    /// <summary>The negative saturation value α.</summary>
    public float Alpha { get; } = alpha;
    private readonly Core _core = Core.Make(alpha, 1f, false);
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public TF Forward<TF, TD>(TF x) where TF : struct, IFloatVec<TF, TD> where TD : struct, IDoubleVec<TD>
        => _core.Forward<TF, TD>(x);
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public TF Backward<TF, TD>(TF x, TF y, TF dy) where TF : struct, IFloatVec<TF, TD> where TD : struct, IDoubleVec<TD>
        => dy * _core.Derivative<TF, TD>(x);

    /// <summary>PyTorch's general <c>elu</c>: scale·(x &gt; 0 ? x : α(e^u − 1)) with u = x, or u = x/α for CELU
    /// (then u is carried as an exact quotient plus its remainder, and e^(u + uLo) = e^u(1 + uLo)). The products with
    /// scale·α are made with the constant split in two floats, so each result rounds about once after expm1.</summary>
    internal readonly struct Core
    {
        private readonly float _alpha, _scale, _cHi, _cLo, _gHi, _gLo, _inputScale;
        private readonly bool _divide;

        public Core(float alpha, float scale, bool divideByAlpha, float cHi, float cLo, float gHi, float gLo)
        {
            (_alpha, _scale, _cHi, _cLo, _gHi, _gLo) = (alpha, scale, cHi, cLo, gHi, gLo);
            // x/α is exact as x·(1/α) when α is a power of two (CELU's default 1 included): no division, no remainder.
            bool exact = divideByAlpha && float.IsNormal(alpha) && (BitConverter.SingleToInt32Bits(alpha) & 0x7FFFFF) == 0
                && float.IsNormal(1 / alpha);
            _divide = divideByAlpha && !exact;
            _inputScale = exact ? 1 / alpha : 1f;
        }

        /// <summary>Splits scale·α (and the derivative's constant) once, when the activation is made.</summary>
        public static Core Make(float alpha, float scale, bool divideByAlpha)
        {
            double c = (double)scale * alpha;
            double g = divideByAlpha ? scale : c; // d/dx of α·(e^(x/α) − 1) is e^(x/α)
            return new(alpha, scale, divideByAlpha, (float)c, (float)(c - (float)c), (float)g, (float)(g - (float)g));
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private TF Argument<TF, TD>(TF x, out TF lo) where TF : struct, IFloatVec<TF, TD> where TD : struct, IDoubleVec<TD>
        {
            var zero = TF.Create(0f);
            if (!_divide) { lo = zero; return TF.Min(_inputScale == 1f ? x : x * TF.Create(_inputScale), zero); }
            var a = TF.Create(_alpha);
            var u = x / a;
            lo = TF.Select(TF.LessThan(TF.Abs(u), TF.Create(float.PositiveInfinity)), TF.FmaNeg(u, a, x) / a, zero);
            return TF.Min(u, zero);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public TF Forward<TF, TD>(TF x) where TF : struct, IFloatVec<TF, TD> where TD : struct, IDoubleVec<TD>
        {
            var u = Argument<TF, TD>(x, out var uLo);
            var m = FMath.Expm1NonPositive<TF, TD>(u);
            var c = TF.Create(_cHi);
            var tail = TF.Create(_cLo) * m;
            // e^(u + uLo) − 1 = m + (m + 1)·uLo, folded into the last FMA so the result rounds once.
            if (_divide) tail = TF.Fma(c, (m + TF.Create(1f)) * uLo, tail);
            var negative = TF.Fma(c, m, tail);
            return TF.Select(TF.GreaterThan(x, TF.Create(0f)), x * TF.Create(_scale), negative);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public TF Derivative<TF, TD>(TF x) where TF : struct, IFloatVec<TF, TD> where TD : struct, IDoubleVec<TD>
        {
            var u = Argument<TF, TD>(x, out var uLo);
            var e = FMath.ExpNonPositive<TF, TD>(u);
            if (_divide) e = TF.Fma(e, uLo, e);
            var negative = TF.Fma(TF.Create(_gHi), e, TF.Create(_gLo) * e);
            return TF.Select(TF.GreaterThan(x, TF.Create(0f)), TF.Create(_scale), negative);
        }
    }
}
