using ActLab.Kernels.Activations;
using ActLab.Kernels.Random;

namespace ActLab.Kernels.Tests;

/// <summary>PReLU's backward forms dx and the slopes' gradient in one pass: both must equal the definitions (dx = dy
/// for x &gt; 0, else a·dy; ∂L/∂a = Σ x·dy over x ≤ 0 per slope, summed in double), for one slope and per channel,
/// with vector tails, NaN inputs, and in place over dy or x.</summary>
public class PreluBackwardTests
{
    private static float[] Floats(int n, ulong seed)
    {
        var rng = new Pcg32(seed);
        var v = new float[n];
        for (int i = 0; i < n; i++) v[i] = (float)(rng.NextDouble() * 8 - 4);
        return v;
    }

    private static (float[] Dx, float[] Dw) Definition(float[] x, float[] dy, float[] w, int channels, int inner)
    {
        var dx = new float[x.Length];
        var sums = new double[w.Length];
        for (int i = 0; i < x.Length; i++)
        {
            int c = w.Length == 1 ? 0 : i / inner % channels;
            dx[i] = x[i] > 0 ? dy[i] : w[c] * dy[i];
            if (!(x[i] > 0)) sums[c] += (double)x[i] * dy[i];
        }
        return (dx, [.. sums.Select(s => (float)s)]);
    }

    [Theory]
    [InlineData(1, 1, 1)]
    [InlineData(1, 1, 15)]
    [InlineData(1, 1, 1000)]
    [InlineData(3, 5, 37)]     // [outer, channels, inner] with a tail in every slice
    [InlineData(2, 4, 16)]
    [InlineData(64, 3, 1)]     // one element per slice
    public void Dx_and_the_slope_gradient_equal_their_definitions(int outer, int channels, int inner)
    {
        int n = outer * channels * inner;
        var x = Floats(n, (ulong)n);
        var dy = Floats(n, (ulong)n + 7);
        x[n / 2] = float.NaN; // counts as x ≤ 0 (not > 0), as PyTorch's x > 0 test has it
        x[0] = 0f;
        foreach (var w in new[] { new[] { 0.25f }, Enumerable.Range(0, channels).Select(c => 0.1f * c - 0.05f).ToArray() })
        {
            if (w.Length != 1 && channels == 1) continue;
            var (dxRef, dwRef) = Definition(x, dy, w, channels, inner);
            var dx = new float[n];
            var dw = new float[w.Length];
            Prelu.Backward(x, w, dy, dx, dw, channels, inner);
            Assert.Equal(dxRef, dx);
            Assert.Equal(dwRef, dw);

            var inPlaceDy = (float[])dy.Clone();
            Prelu.Backward(x, w, inPlaceDy, inPlaceDy, dw, channels, inner);
            Assert.Equal(dxRef, inPlaceDy);
            Assert.Equal(dwRef, dw);

            var inPlaceX = (float[])x.Clone();
            Prelu.Backward(inPlaceX, w, dy, inPlaceX, dw, channels, inner);
            Assert.Equal(dxRef, inPlaceX);
            Assert.Equal(dwRef, dw);
        }
    }

    [Fact]
    public void A_partially_overlapping_dx_is_refused()
    {
        var buffer = new float[40];
        var ex = Assert.Throws<ArgumentException>(() => Prelu.Backward(buffer.AsSpan(0, 20), [0.25f], buffer.AsSpan(0, 20), buffer.AsSpan(3, 20), new float[1]));
        Assert.Contains("partially overlaps", ex.Message);
    }
}
