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
}
