using System.Buffers;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using ActLab.Kernels.Simd;

namespace ActLab.Kernels.Softmax;

/// <summary>sparsemax(x) = max(x − τ, 0), with τ chosen so the outputs sum to 1, along one axis</summary>
/// <remarks>τ = (Σ_{j≤k} z_(j) − 1)/k for the sorted values z_(1) ≥ z_(2) ≥ … and the largest k with
/// 1 + k·z_(k) &gt; Σ_{j≤k} z_(j), computed on x minus the row maximum. Unlike softmax it gives exact zeros. Jacobian: on the support S (y &gt; 0),
/// dx = dy − mean_S(dy), and 0 off it. Sums in double; a row with NaN or +∞, or all −∞, gives NaN. Everything but
/// the sort and the scan for τ runs over vectors along a contiguous axis (each element's arithmetic in double as before;
/// the backward's support sum is taken lane by lane, so its last bits may differ from a sequential sum).
/// Martins &amp; Astudillo 2016, arXiv:1602.02068 (Keras <c>sparsemax</c>).</remarks>
public static class Sparsemax
{
    /// <summary>y = sparsemax(x) along <paramref name="axis"/>.</summary>
    public static void Forward(ReadOnlySpan<float> x, Span<float> y, ReadOnlySpan<int> shape = default, int axis = -1)
    {
        Simd.Check.Destination(x.Length, y.Length, nameof(y));
        Simd.Check.Aliasing(x, y, nameof(y));
        var s = AxisShape.Of(shape, axis, x.Length);
        if (s.N == 0) return;
        float[]? rented = s.N > 256 ? ArrayPool<float>.Shared.Rent(s.N) : null;
        Span<float> z = rented is null ? stackalloc float[s.N] : rented.AsSpan(0, s.N);
        try
        {
            for (int o = 0; o < s.Outer; o++)
            for (int i = 0; i < s.Inner; i++)
            {
                int start = o * s.N * s.Inner + i;
                bool bad = false;
                for (int j = 0; j < s.N; j++)
                {
                    float v = x[start + j * s.Inner];
                    z[j] = v;
                    if (float.IsNaN(v) || float.IsPositiveInfinity(v)) bad = true;
                }
                z.Sort(); // ascending (the intrinsic sort); read from the end
                // Shifted by the row maximum m (as softmax is): the support test 1 + k·z_(k) > Σ z compares numbers
                // near 1, not near |x|, so [1e16, 0] gives [1, 0] instead of losing the 1 to rounding (NaN).
                double m = z[s.N - 1], cum = 0, tau = double.NaN;
                if (!bad && !double.IsNegativeInfinity(m))
                {
                    double support = 0;
                    for (int k = 1; k <= s.N; k++)
                    {
                        double zk = z[s.N - k] - m;
                        if (double.IsNegativeInfinity(zk)) break;
                        cum += zk;
                        if (1 + k * zk > cum) { support = k; tau = (cum - 1) / k; }
                    }
                    if (support == 0) tau = double.NaN;
                }
                if (s.Inner == 1 && !double.IsNaN(tau))
                {
                    var xr = x.Slice(start, s.N);
                    var yr = y.Slice(start, s.N);
                    if (Vector512.IsHardwareAccelerated) Shift<F512, D512>(xr, yr, m, tau);
                    else if (Vector256.IsHardwareAccelerated) Shift<F256, D256>(xr, yr, m, tau);
                    else Shift<F128, D128>(xr, yr, m, tau);
                    continue;
                }
                for (int j = 0; j < s.N; j++)
                {
                    int k = start + j * s.Inner;
                    y[k] = double.IsNaN(tau) ? float.NaN : (float)Math.Max(x[k] - m - tau, 0);
                }
            }
        }
        finally
        {
            if (rented is not null) ArrayPool<float>.Shared.Return(rented);
        }
    }

    /// <summary>dx from the output y and dy: dy − mean(dy over the support) on the support, 0 elsewhere.</summary>
    public static void Backward(ReadOnlySpan<float> y, ReadOnlySpan<float> dy, Span<float> dx, ReadOnlySpan<int> shape = default, int axis = -1)
    {
        Simd.Check.Source(y.Length, dy.Length, nameof(dy));
        Simd.Check.Destination(y.Length, dx.Length, nameof(dx));
        var s = AxisShape.Of(shape, axis, y.Length);
        for (int o = 0; o < s.Outer; o++)
        for (int i = 0; i < s.Inner; i++)
        {
            int start = o * s.N * s.Inner + i;
            if (s.Inner == 1)
            {
                var yr = y.Slice(start, s.N);
                var gr = dy.Slice(start, s.N);
                var dr = dx.Slice(start, s.N);
                if (Vector512.IsHardwareAccelerated) BackwardRow<F512, D512>(yr, gr, dr);
                else if (Vector256.IsHardwareAccelerated) BackwardRow<F256, D256>(yr, gr, dr);
                else BackwardRow<F128, D128>(yr, gr, dr);
                continue;
            }
            double sum = 0;
            int count = 0;
            for (int j = 0; j < s.N; j++)
            {
                int k = start + j * s.Inner;
                if (y[k] > 0) { sum += dy[k]; count++; }
            }
            double mean = count == 0 ? 0 : sum / count;
            for (int j = 0; j < s.N; j++)
            {
                int k = start + j * s.Inner;
                dx[k] = y[k] > 0 ? (float)(dy[k] - mean) : (float.IsNaN(y[k]) ? float.NaN : 0f);
            }
        }
    }

    /// <summary>y = max((x − m) − τ, 0) in double lanes, rounded once.</summary>
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static void Shift<TF, TD>(ReadOnlySpan<float> x, Span<float> y, double m, double tau)
        where TF : struct, IFloatVec<TF, TD> where TD : struct, IDoubleVec<TD>
    {
        ref float px = ref MemoryMarshal.GetReference(x);
        ref float py = ref MemoryMarshal.GetReference(y);
        int n = x.Length, w = TF.Count, j;
        var dm = TD.Create(m);
        var dt = TD.Create(tau);
        var zero = TD.Create(0);
        for (j = 0; j + w <= n; j += w)
        {
            TF.Widen(TF.Load(ref px, (nuint)j), out var lo, out var hi);
            TF.Store(TF.Narrow(TD.Max((lo - dm) - dt, zero), TD.Max((hi - dm) - dt, zero)), ref py, (nuint)j);
        }
        for (; j < n; j++) y[j] = (float)Math.Max(x[j] - m - tau, 0);
    }

    /// <summary>One contiguous row of the backward: the support's sum and size over vectors (double lanes), then
    /// dy − mean on the support, 0 off it (NaN where y is NaN).</summary>
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static void BackwardRow<TF, TD>(ReadOnlySpan<float> y, ReadOnlySpan<float> dy, Span<float> dx)
        where TF : struct, IFloatVec<TF, TD> where TD : struct, IDoubleVec<TD>
    {
        ref float py = ref MemoryMarshal.GetReference(y);
        ref float pg = ref MemoryMarshal.GetReference(dy);
        ref float pd = ref MemoryMarshal.GetReference(dx);
        int n = y.Length, w = TF.Count, j;
        var zf = TF.Create(0f);
        var one = TF.Create(1f);
        var sum = TD.Create(0);
        var count = TF.Create(0f);
        for (j = 0; j + w <= n; j += w)
        {
            var yv = TF.Load(ref py, (nuint)j);
            var inS = TF.GreaterThan(yv, zf);
            TF.Widen(TF.Select(inS, TF.Load(ref pg, (nuint)j), zf), out var lo, out var hi);
            sum += lo + hi;
            count += TF.Select(inS, one, zf);
        }
        double s = TD.Sum(sum);
        double c = TF.Sum(count); // exact: at most 2^24 per lane
        for (int k = j; k < n; k++) if (y[k] > 0) { s += dy[k]; c++; }
        double mean = c == 0 ? 0 : s / c;
        var dmean = TD.Create(mean);
        var nan = TF.Create(float.NaN);
        for (j = 0; j + w <= n; j += w)
        {
            var yv = TF.Load(ref py, (nuint)j);
            TF.Widen(TF.Load(ref pg, (nuint)j), out var lo, out var hi);
            var g = TF.Narrow(lo - dmean, hi - dmean);
            TF.Store(TF.Select(TF.GreaterThan(yv, zf), g, TF.Select(TF.IsNaN(yv), nan, zf)), ref pd, (nuint)j);
        }
        for (; j < n; j++) dx[j] = y[j] > 0 ? (float)(dy[j] - mean) : (float.IsNaN(y[j]) ? float.NaN : 0f);
    }
}
