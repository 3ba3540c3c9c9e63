using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace ActLab.Kernels.Simd;

/// <summary>Reductions the kernels need, vectorised like <see cref="Elementwise"/>, summed in double.</summary>
public static class Reductions
{
    /// <summary>Σ x·dy over the elements with x ≤ 0 (or NaN): the gradient of a shared PReLU slope.</summary>
    public static double NegativePartDot(ReadOnlySpan<float> x, ReadOnlySpan<float> dy)
    {
        Check.Source(x.Length, dy.Length, nameof(dy));
        if (Vector512.IsHardwareAccelerated) return NegativePartDot<F512, D512>(x, dy);
        if (Vector256.IsHardwareAccelerated) return NegativePartDot<F256, D256>(x, dy);
        return NegativePartDot<F128, D128>(x, dy);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static double NegativePartDot<TF, TD>(ReadOnlySpan<float> x, ReadOnlySpan<float> dy)
        where TF : struct, IFloatVec<TF, TD> where TD : struct, IDoubleVec<TD>
    {
        ref float px = ref MemoryMarshal.GetReference(x);
        ref float pg = ref MemoryMarshal.GetReference(dy);
        nuint n = (nuint)x.Length, w = (nuint)TF.Count, i = 0;
        var acc = TD.Create(0);
        var zero = TF.Create(0f);
        for (; i + w <= n; i += w)
        {
            var v = TF.Load(ref px, i);
            // x·dy is exact in double; widening first keeps the sum free of float rounding.
            TF.Widen(TF.Select(TF.GreaterThan(v, zero), zero, v), out var xl, out var xh);
            TF.Widen(TF.Load(ref pg, i), out var gl, out var gh);
            acc = TD.Fma(xl, gl, TD.Fma(xh, gh, acc));
        }
        double sum = TD.Sum(acc);
        for (; i < n; i++) if (!(x[(int)i] > 0)) sum += (double)x[(int)i] * dy[(int)i];
        return sum;
    }
}
