using System.Numerics.Tensors;

namespace ActLab.Core.Tensors;

/// <summary>
/// The small set of primitives the engine needs (tinygrad's lesson: keep them counted and in one place): three
/// matrix-product variants, a row-vector add and column sums. SIMD comes from <see cref="TensorPrimitives"/>
/// (dot and fused multiply-add on rows); nothing here allocates.
/// </summary>
public static class Ops
{
    /// <summary>C[m×n] = A[m×k]·B[n×k]ᵀ (a Linear layer's forward: x·Wᵀ).</summary>
    public static void MatMulABt(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> c, int m, int k, int n)
    {
        Check(a, m * k, b, n * k, c, m * n);
        for (int i = 0; i < m; i++)
        {
            var ai = a.Slice(i * k, k);
            var ci = c.Slice(i * n, n);
            for (int j = 0; j < n; j++) ci[j] = TensorPrimitives.Dot(ai, b.Slice(j * k, k));
        }
    }

    /// <summary>C[m×n] = A[m×k]·B[k×n] (the input gradient: dy·W).</summary>
    public static void MatMulAB(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> c, int m, int k, int n)
    {
        Check(a, m * k, b, k * n, c, m * n);
        for (int i = 0; i < m; i++)
        {
            var ci = c.Slice(i * n, n);
            ci.Clear();
            for (int p = 0; p < k; p++)
            {
                float s = a[i * k + p];
                if (s != 0) TensorPrimitives.MultiplyAdd(b.Slice(p * n, n), s, ci, ci);
            }
        }
    }

    /// <summary>C[m×n] = A[k×m]ᵀ·B[k×n] (the weight gradient: dyᵀ·x).</summary>
    public static void MatMulAtB(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> c, int k, int m, int n)
    {
        Check(a, k * m, b, k * n, c, m * n);
        c[..(m * n)].Clear();
        for (int p = 0; p < k; p++)
        {
            var bp = b.Slice(p * n, n);
            for (int i = 0; i < m; i++)
            {
                float s = a[p * m + i];
                if (s != 0) TensorPrimitives.MultiplyAdd(bp, s, c.Slice(i * n, n), c.Slice(i * n, n));
            }
        }
    }

    /// <summary>Adds the row vector <paramref name="bias"/> to each of the <paramref name="rows"/> rows of <paramref name="x"/>.</summary>
    public static void AddRowVector(Span<float> x, ReadOnlySpan<float> bias, int rows)
    {
        int n = bias.Length;
        for (int i = 0; i < rows; i++) TensorPrimitives.Add(x.Slice(i * n, n), bias, x.Slice(i * n, n));
    }

    /// <summary>sums[j] = Σᵢ x[i, j] (the bias gradient).</summary>
    public static void ColumnSums(ReadOnlySpan<float> x, Span<float> sums, int rows)
    {
        int n = sums.Length;
        sums.Clear();
        for (int i = 0; i < rows; i++) TensorPrimitives.Add(sums, x.Slice(i * n, n), sums);
    }

    private static void Check(ReadOnlySpan<float> a, int na, ReadOnlySpan<float> b, int nb, ReadOnlySpan<float> c, int nc)
    {
        if (a.Length < na || b.Length < nb || c.Length < nc)
            throw new ArgumentException($"Matrix product operands are too short: A {a.Length}/{na}, B {b.Length}/{nb}, C {c.Length}/{nc}.");
    }
}
