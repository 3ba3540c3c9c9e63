using ActLab.Kernels.Random;
using ActLab.Kernels.Simd;
using ActLab.Kernels.Tests.Reference;

namespace ActLab.Kernels.Tests;

/// <summary>DMath's reduced sine and cosine (snake's double path) against Math.Sin and Math.Cos, across every quadrant
/// and up to the edge of their range, and snake on both sides of that edge (where it hands over to the BCL's sine).</summary>
public class DMathSinTests
{
    private static double RelErr(double got, double want) => Math.Abs(got - want) / Math.Max(Math.Abs(want), 1e-300);

    [Fact]
    public void Sin_and_cos_agree_with_the_runtime_to_a_few_ulp_of_double()
    {
        var rng = new Pcg32(17);
        var xs = new List<double>();
        for (int i = 0; i < 20000; i++) xs.Add((rng.NextDouble() * 2 - 1) * Math.Pow(10, rng.NextDouble() * 6.2 - 6)); // 1e-6 … 1.6e6
        for (int k = -8; k <= 8; k++) { xs.Add(k * Math.PI / 4); xs.Add(k * Math.PI / 2); xs.Add(Math.BitIncrement(k * Math.PI / 4)); }
        xs.AddRange([0.0, -0.0, 1.6e6, -1.6e6, 1e-300]);
        double worstSin = 0, worstCos = 0;
        for (int i = 0; i < xs.Count; i += 8)
        {
            var lanes = new double[8];
            for (int j = 0; j < 8; j++) lanes[j] = xs[Math.Min(i + j, xs.Count - 1)];
            var v = D512.Load(ref lanes[0], 0);
            Assert.True(DMath.SinCosRange(v));
            var s = DMath.SinReduced(v, out var c);
            var s2 = DMath.SinSquaredReduced(v);
            for (int j = 0; j < 8; j++)
            {
                double x = lanes[j], sin = Math.Sin(x), cos = Math.Cos(x);
                // Absolute error against 1 near the zeros, where the reduction's own rounding of r dominates.
                worstSin = Math.Max(worstSin, Math.Min(RelErr(s.V[j], sin), Math.Abs(s.V[j] - sin)));
                worstCos = Math.Max(worstCos, Math.Min(RelErr(c.V[j], cos), Math.Abs(c.V[j] - cos)));
                Assert.True(Math.Abs(s2.V[j] - sin * sin) <= 4e-16, $"sin²({x:R}) = {s2.V[j]:R}, want {sin * sin:R}");
            }
        }
        Assert.True(worstSin < 1e-15, $"sin: worst error {worstSin:E2}");
        Assert.True(worstCos < 1e-15, $"cos: worst error {worstCos:E2}");
        var outside = new double[8];
        outside[3] = 2e6;
        Assert.False(DMath.SinCosRange(D512.Load(ref outside[0], 0)));
        outside[3] = double.NaN;
        Assert.False(DMath.SinCosRange(D512.Load(ref outside[0], 0)));
    }

    [Theory]
    [InlineData("snake:alpha=2", 790000f, 810000f)]     // 2x crosses 1.6e6: vectors on both paths
    [InlineData("snake", -7f, 7f)]
    public void Snake_forward_and_backward_stay_correctly_rounded_across_the_edge(string spec, float from, float to)
    {
        var act = ActLab.Kernels.Catalogue.Catalogue.Resolve(spec);
        var r = RefFunctions.All.Single(f => f.Spec == spec);
        var rng = new Pcg32(5);
        var xs = new float[4096];
        for (int i = 0; i < xs.Length; i++) xs[i] = (float)(from + (to - from) * rng.NextDouble());
        var y = new float[xs.Length];
        var dx = new float[xs.Length];
        act.Forward(xs, y);
        act.Backward(xs, y, Enumerable.Repeat(1f, xs.Length).ToArray(), dx);
        for (int i = 0; i < xs.Length; i++)
        {
            Assert.True(Accuracy.UlpError(y[i], r.F(xs[i])) <= 0.5 + 1e-6, $"{spec}({xs[i]:R}) = {y[i]:R}, exact {r.F(xs[i]):R}");
            double d = r.D(xs[i]);
            Assert.True(Accuracy.UlpError(dx[i], d) <= 0.5 + 1e-6 || Math.Abs(dx[i] - d) <= 1e-12, $"{spec}′({xs[i]:R}) = {dx[i]:R}, exact {d:R}");
        }
    }
}
