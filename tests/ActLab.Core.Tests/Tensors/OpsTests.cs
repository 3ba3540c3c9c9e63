using ActLab.Core.Tensors;
using ActLab.Kernels.Random;

namespace ActLab.Core.Tests.Tensors;

/// <summary>Every matrix-product path (plain loops, register-blocked narrow outputs, axpy rows, transposed
/// accumulation, threads) against a naive double computation.</summary>
public class OpsTests
{
    private static float[] Random(int n, ulong seed)
    {
        var r = new Pcg32(seed);
        return [.. Enumerable.Range(0, n).Select(_ => (float)(r.NextDouble() * 2 - 1))];
    }

    private static void Close(double expected, float actual, string what) =>
        Assert.True(Math.Abs(expected - actual) <= 1e-4 * Math.Max(1, Math.Abs(expected)), $"{what}: expected {expected}, got {actual}");

    public static TheoryData<int, int, int> Shapes() => new()
    {
        { 32, 2, 1 }, { 32, 2, 16 }, { 32, 16, 16 }, { 7, 5, 32 }, { 3, 9, 48 }, { 5, 17, 64 }, { 4, 20, 80 }, { 6, 3, 5 }, { 9, 40, 24 }, { 130, 70, 140 },
    };

    [Theory, MemberData(nameof(Shapes))]
    public void All_three_products_match_a_naive_computation(int m, int k, int n)
    {
        var a = Random(m * k, 1);
        var b = Random(k * n, 2);
        var bt = Random(n * k, 3);
        var at = Random(k * m, 4);
        var c = new float[m * n];
        Ops.MatMulAB(a, b, c, m, k, n);
        for (int i = 0; i < m; i++) for (int j = 0; j < n; j++)
            Close(Enumerable.Range(0, k).Sum(p => (double)a[i * k + p] * b[p * n + j]), c[i * n + j], $"AB[{i},{j}]");
        Ops.MatMulABt(a, bt, c, m, k, n);
        for (int i = 0; i < m; i++) for (int j = 0; j < n; j++)
            Close(Enumerable.Range(0, k).Sum(p => (double)a[i * k + p] * bt[j * k + p]), c[i * n + j], $"ABt[{i},{j}]");
        Ops.MatMulAtB(at, b, c, k, m, n);
        for (int i = 0; i < m; i++) for (int j = 0; j < n; j++)
            Close(Enumerable.Range(0, k).Sum(p => (double)at[p * m + i] * b[p * n + j]), c[i * n + j], $"AtB[{i},{j}]");
    }

    [Theory]
    [InlineData(3, 5)]      // the plain loop
    [InlineData(17, 33)]    // blocks with ragged edges
    [InlineData(256, 784)]  // a Fashion-MNIST weight
    public void Transpose_moves_every_element(int rows, int cols)
    {
        var a = Random(rows * cols, 21);
        var t = new float[rows * cols];
        Ops.Transpose(a, t, rows, cols);
        for (int i = 0; i < rows; i++)
            for (int j = 0; j < cols; j++) Assert.Equal(a[i * cols + j], t[j * rows + i]);
    }

    [Theory]
    [InlineData(7, 300, 10)]   // a classifier's 10 outputs: one padded vector, a row left over
    [InlineData(128, 256, 10)] // the Fashion-MNIST output layer
    [InlineData(9, 40, 20)]    // two padded vectors
    [InlineData(4, 5, 31)]
    public void Narrow_products_are_the_same_fused_multiply_adds_bit_for_bit(int m, int k, int n)
    {
        float[] a = Random(m * k, 31), b = Random(k * n, 32);
        var c = new float[m * n];
        Ops.MatMulAB(a, b, c, m, k, n);
        Assert.Equal(FmaSequence((i, p) => a[i * k + p], b, m, k, n), c);
    }

    [Theory]
    [InlineData(128, 784, 256, 2)] // the Fashion-MNIST first layer, two column shares of 4 panels
    [InlineData(64, 200, 100, 3)]  // 3 panels over 3 threads, the last share ragged (4 columns past the panels)
    [InlineData(8, 20, 40, 2)]     // too few panels to split: one thread
    [InlineData(5, 9, 10, 2)]      // narrow: through the transposed copy
    [InlineData(3, 9, 40, 1)]      // too few rows for a tile: through the transposed copy
    [InlineData(37, 600, 50, 1)]   // packed panels of 32 and 16 columns and a ragged 2, 5 rows left over, three k blocks
    public void The_linear_forward_product_reads_W_transposed_and_matches_on_any_thread_count(int m, int k, int n, int threads)
    {
        float[] a = Random(m * k, 41), w = Random(n * k, 42), wt = new float[k * n], c = new float[m * n];
        var b = new float[k * n];
        for (int j = 0; j < n; j++) for (int p = 0; p < k; p++) b[p * n + j] = w[j * k + p];
        var expected = FmaSequence((i, p) => a[i * k + p], b, m, k, n);
        Ops.MatMulABtTransposed(a, w, wt, c, m, k, n, threads);
        Assert.Equal(expected, c);
        Array.Clear(c);
        Array.Clear(wt);
        Ops.MatMulABtTransposed(a, w, wt, c, m, k, n, 1);
        Assert.Equal(expected, c);
    }

    [Fact]
    public void The_threaded_path_gives_the_same_products()
    {
        int m = 128, k = 300, n = 64;
        var a = Random(m * k, 5);
        var b = Random(k * n, 6);
        var single = new float[m * n];
        var threaded = new float[m * n];
        Ops.MatMulAB(a, b, single, m, k, n, threads: 1);
        Ops.MatMulAB(a, b, threaded, m, k, n, threads: 2);
        Assert.Equal(single, threaded);
    }

    // Each element as the row-by-row axpy path computes it: fused multiply-adds over p ascending, from 0.
    private static float[] FmaSequence(Func<int, int, float> a, float[] b, int m, int k, int n)
    {
        var c = new float[m * n];
        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++)
            {
                float acc = 0;
                for (int p = 0; p < k; p++) acc = MathF.FusedMultiplyAdd(a(i, p), b[p * n + j], acc);
                c[i * n + j] = acc;
            }
        return c;
    }

    [Theory]
    [InlineData(4, 3, 32)]      // one 512-bit tile
    [InlineData(7, 300, 48)]    // a 512-bit and a 256-bit tile, a row left over, two k blocks
    [InlineData(9, 600, 50)]    // scalar columns left over, three k blocks
    [InlineData(128, 784, 256)] // the Fashion-MNIST layer
    public void The_blocked_product_is_the_same_fused_multiply_adds_as_the_axpy_path_bit_for_bit(int m, int k, int n)
    {
        float[] a = Random(m * k, 11), b = Random(k * n, 12), at = new float[k * m];
        for (int i = 0; i < m; i++) for (int p = 0; p < k; p++) at[p * m + i] = a[i * k + p];
        var expected = FmaSequence((i, p) => a[i * k + p], b, m, k, n);
        var ab = new float[m * n];
        Ops.MatMulAB(a, b, ab, m, k, n);
        Assert.Equal(expected, ab); // exact: the same operations in the same order
        var atb = new float[m * n];
        Ops.MatMulAtB(at, b, atb, k, m, n);
        Assert.Equal(expected, atb);
        var threaded = new float[m * n];
        Ops.MatMulAtB(at, b, threaded, k, m, n, threads: 2);
        Assert.Equal(expected, threaded);
        Ops.MatMulAB(a, b, threaded, m, k, n, threads: 2);
        Assert.Equal(expected, threaded);
        // And close to the exact product (double), as any float32 product must be.
        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++)
            {
                double exact = 0, scale = 0;
                for (int p = 0; p < k; p++) { exact += (double)a[i * k + p] * b[p * n + j]; scale += Math.Abs((double)a[i * k + p] * b[p * n + j]); }
                Assert.True(Math.Abs(ab[i * n + j] - exact) <= 1e-6 * k * scale + 1e-30, $"({i},{j}): {ab[i * n + j]} vs {exact}");
            }
    }
}
