using ActLab.Core.Tensors;

namespace ActLab.Core.Tests.Tensors;

/// <summary>Threaded products called from several threads at once (two models training) stay exact.</summary>
public class ConcurrentProductsTests
{
    [Fact]
    public async Task Concurrent_threaded_products_are_exact()
    {
        int m = 64, k = 300, n = 96;
        var rng = new ActLab.Kernels.Random.Pcg32(7);
        float[] a = new float[m * k], b = new float[k * n];
        for (int i = 0; i < a.Length; i++) a[i] = (float)(rng.NextDouble() - 0.5);
        for (int i = 0; i < b.Length; i++) b[i] = (float)(rng.NextDouble() - 0.5);
        var expected = new float[m * n];
        Ops.MatMulAB(a, b, expected, m, k, n, 1);
        var results = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() =>
        {
            var c = new float[m * n];
            for (int r = 0; r < 50; r++) Ops.MatMulAB(a, b, c, m, k, n, 2);
            return c;
        })));
        Assert.All(results, c => Assert.Equal(expected, c));
    }
}
