using ActLab.Kernels.Tests.Reference;

namespace ActLab.Kernels.Tests;

/// <summary>softsign′ = 1/(1 + |x|)² with 1 + |x| carried exactly into the square: within 1.5 ULP where the plain
/// d·d reached 3.43 (docs/accuracy.md), and 0, not NaN, where the square overflows or x is infinite.</summary>
public class SoftsignBackwardTests
{
    [Theory]
    [InlineData(15f, 16f)]          // where the plain form's worst case was (x = −15.0347)
    [InlineData(-16f, -15f)]
    [InlineData(0.0001f, 0.0002f)]  // 1 + |x| rounds away most of x
    [InlineData(1f, 2f)]
    public void Every_float_of_the_range_is_within_one_and_a_half_ulp(float from, float to)
    {
        var act = Catalogue.Catalogue.Resolve("softsign");
        int a = BitConverter.SingleToInt32Bits(from), b = BitConverter.SingleToInt32Bits(to);
        (int lo, int hi) = a <= b ? (a, b) : (b + 1, a + 1);
        var xs = new float[hi - lo];
        for (int i = 0; i < xs.Length; i++) xs[i] = BitConverter.Int32BitsToSingle(lo + i);
        var y = new float[xs.Length];
        var dx = new float[xs.Length];
        act.Forward(xs, y);
        act.Backward(xs, y, Enumerable.Repeat(1f, xs.Length).ToArray(), dx);
        double worst = 0;
        float at = 0;
        for (int i = 0; i < xs.Length; i++)
        {
            double d = 1 + Math.Abs((double)xs[i]);
            double u = Accuracy.UlpError(dx[i], 1 / (d * d));
            if (u > worst) { worst = u; at = xs[i]; }
        }
        Assert.True(worst <= 1.5, $"softsign′: {worst:F3} ULP at {at:R}");
    }

    [Fact]
    public void Huge_and_infinite_inputs_give_a_zero_derivative_not_nan()
    {
        var act = Catalogue.Catalogue.Resolve("softsign");
        foreach (float x in new[] { float.PositiveInfinity, float.NegativeInfinity, 3e38f, -3e38f, 1e30f, 1e20f })
            Assert.Equal(0f, act.Derivative(x));
        Assert.True(float.IsNaN(act.Derivative(float.NaN)));
        Assert.InRange(act.Derivative(1e15f), 0.99e-30f, 1.01e-30f);
    }
}
