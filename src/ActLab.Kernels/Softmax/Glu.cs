using ActLab.Kernels.Simd;

namespace ActLab.Kernels.Softmax;

/// <summary>GLU(x) = a ⊗ σ(b), where a and b are the first and second halves of x along <c>dim</c></summary>
/// <remarks>∂/∂a = σ(b)·dy; ∂/∂b = σ(b)(1 − σ(b))·a·dy. The size along dim must be even; the output has half of
/// it. Evaluated in double per element (each half is one contiguous block per outer index, so the loop is a plain
/// two-input elementwise pass). Dauphin et al. 2016, arXiv:1612.08083.</remarks>
public static class Glu
{
    /// <summary>The output shape: <paramref name="shape"/> with the size along <paramref name="dim"/> halved.</summary>
    public static int[] OutputShape(ReadOnlySpan<int> shape, int dim)
    {
        var s = shape.ToArray();
        int a = dim < 0 ? dim + s.Length : dim;
        if (a < 0 || a >= s.Length) throw new InputException("dim", dim, $"dim {dim} is out of range for a shape of rank {s.Length}.");
        if (s[a] % 2 != 0) throw new InputException("shape", s[a], $"GLU halves dimension {dim}, whose size {s[a]} is odd; it must be even.");
        s[a] /= 2;
        return s;
    }

    /// <summary>y = a ⊗ σ(b); y has half as many elements as x.</summary>
    public static void Forward(ReadOnlySpan<float> x, Span<float> y, ReadOnlySpan<int> shape = default, int dim = -1)
    {
        var s = Split(x.Length, shape, dim);
        int h = s.N / 2, block = h * s.Inner;
        Check.Destination(x.Length / 2, y.Length, nameof(y));
        for (int o = 0; o < s.Outer; o++)
        {
            var a = x.Slice(o * 2 * block, block);
            var b = x.Slice(o * 2 * block + block, block);
            var dst = y.Slice(o * block, block);
            for (int i = 0; i < block; i++) dst[i] = (float)(a[i] * Sigmoid(b[i]));
        }
    }

    /// <summary>dx (the size of x) from x and dy (the size of y).</summary>
    public static void Backward(ReadOnlySpan<float> x, ReadOnlySpan<float> dy, Span<float> dx, ReadOnlySpan<int> shape = default, int dim = -1)
    {
        var s = Split(x.Length, shape, dim);
        int h = s.N / 2, block = h * s.Inner;
        Check.Source(x.Length / 2, dy.Length, nameof(dy));
        Check.Destination(x.Length, dx.Length, nameof(dx));
        Check.Aliasing(x, dx, nameof(dx));
        for (int o = 0; o < s.Outer; o++)
        {
            int start = o * 2 * block;
            for (int i = 0; i < block; i++)
            {
                double a = x[start + i], b = x[start + block + i], g = dy[o * block + i];
                double sb = Sigmoid(b), sn = Sigmoid(-b);
                dx[start + i] = (float)(sb * g);
                dx[start + block + i] = (float)(sb * sn * a * g);
            }
        }
    }

    private static AxisShape Split(int length, ReadOnlySpan<int> shape, int dim)
    {
        var s = AxisShape.Of(shape, dim, length);
        if (s.N % 2 != 0) throw new InputException("shape", s.N, $"GLU halves dimension {dim}, whose size {s.N} is odd; it must be even.");
        return s;
    }

    private static double Sigmoid(double v) => v >= 0 ? 1 / (1 + Math.Exp(-v)) : Math.Exp(v) / (1 + Math.Exp(v));
}
