using System.Buffers;

namespace ActLab.Kernels.Softmax;

/// <summary>sparsemax(x) = max(x − τ, 0), with τ chosen so the outputs sum to 1, along one axis</summary>
/// <remarks>τ = (Σ_{j≤k} z_(j) − 1)/k for the sorted values z_(1) ≥ z_(2) ≥ … and the largest k with
/// 1 + k·z_(k) &gt; Σ_{j≤k} z_(j), computed on x minus the row maximum. Unlike softmax it gives exact zeros. Jacobian: on the support S (y &gt; 0),
/// dx = dy − mean_S(dy), and 0 off it. Sums in double; a row with NaN or +∞, or all −∞, gives NaN.
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
                z.Sort((a, b) => b.CompareTo(a));
                // Shifted by the row maximum m (as softmax is): the support test 1 + k·z_(k) > Σ z compares numbers
                // near 1, not near |x|, so [1e16, 0] gives [1, 0] instead of losing the 1 to rounding (NaN).
                double m = z[0], cum = 0, tau = double.NaN;
                if (!bad && !double.IsNegativeInfinity(m))
                {
                    double support = 0;
                    for (int k = 1; k <= s.N; k++)
                    {
                        double zk = z[k - 1] - m;
                        if (double.IsNegativeInfinity(zk)) break;
                        cum += zk;
                        if (1 + k * zk > cum) { support = k; tau = (cum - 1) / k; }
                    }
                    if (support == 0) tau = double.NaN;
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
}
