using ActLab.Kernels.Tests.Reference;
using ActLab.Kernels.Activations;
using ActLab.Kernels.Random;
using ActLab.Kernels.Catalogue;

namespace ActLab.Kernels.Tests;

/// <summary>The gradient at every kink equals PyTorch's (reference/ACTIVATIONS.md §1.3).</summary>
public class KinkTests
{
    [Theory]
    [InlineData("relu", 0f, 0f)]
    [InlineData("leaky-relu", 0f, 0.01f)]
    [InlineData("leaky-relu:negative-slope=0.1", 0f, 0.1f)]
    [InlineData("prelu", 0f, 0.25f)]
    [InlineData("elu", 0f, 1f)]
    [InlineData("elu:alpha=0.5", 0f, 0.5f)]
    [InlineData("celu", 0f, 1f)]
    [InlineData("selu", 0f, 1.7580993f)]
    [InlineData("relu6", 0f, 0f)]
    [InlineData("relu6", 6f, 0f)]
    [InlineData("hardtanh", -1f, 0f)]
    [InlineData("hardtanh", 1f, 0f)]
    [InlineData("hardsigmoid", -3f, 0f)]
    [InlineData("hardsigmoid", 3f, 0f)]
    [InlineData("hardswish", -3f, -0.5f)]
    [InlineData("hardswish", 3f, 1.5f)]
    [InlineData("hardshrink", 0.5f, 0f)]
    [InlineData("hardshrink", -0.5f, 0f)]
    [InlineData("softshrink", 0.5f, 0f)]
    [InlineData("softshrink", -0.5f, 0f)]
    [InlineData("threshold:threshold=0.5,value=-1", 0.5f, 0f)]
    [InlineData("sparse-sigmoid", 1f, 0f)]
    [InlineData("sparse-sigmoid", -1f, 0f)]
    [InlineData("rrelu", 0f, 0.22916667f)]
    [InlineData("binary-step", 0f, 0f)]
    [InlineData("sign", 0f, 0f)]
    public void Kink_gradient_equals_PyTorch(string spec, float x, float expected)
    {
        float d = Catalogue.Catalogue.Resolve(spec).Derivative(x);
        Assert.True(Math.Abs(d - expected) <= 1e-6f, $"{spec}'({x}) = {d:R}, PyTorch gives {expected:R}.");
    }

    [Fact]
    public void Rrelu_in_training_uses_each_elements_sampled_slope_also_at_zero()
    {
        var act = (RreluActivation)Catalogue.Catalogue.Resolve("rrelu:mode=train,seed=3");
        float[] x = [0f, -1f, -2f, 5f];
        var y = new float[4];
        act.Forward(x, y);
        var noise = act.Noise.ToArray();
        var dx = new float[4];
        act.Backward(x, y, [1f, 1f, 1f, 1f], dx);
        Assert.Equal(noise, dx);
        Assert.Equal(1f, noise[3]);
        for (int i = 0; i < 3; i++) Assert.InRange(noise[i], 1f / 8, 1f / 3);
        Assert.Equal(-1f * noise[1], y[1]);
    }

    [Fact]
    public void Rrelu_training_noise_replays_from_its_seed_and_changes_with_it()
    {
        float[] x = [-1f, -2f, -3f, -4f];
        float[] Run(string spec) { var a = Catalogue.Catalogue.Resolve(spec); var y = new float[4]; a.Forward(x, y); return y; }
        Assert.Equal(Run("rrelu:mode=train,seed=9"), Run("rrelu:mode=train,seed=9"));
        Assert.NotEqual(Run("rrelu:mode=train,seed=9"), Run("rrelu:mode=train,seed=10"));
    }

    [Fact]
    public void Rrelu_training_forward_draws_once_per_non_positive_element_in_stream_order()
    {
        // PyTorch's rule: a draw only where x ≤ 0 (NaN included), in element order, so that a seed replays the same
        // slopes; the generator is left just past the last draw. Random signs, with ±0, NaN and ±∞ among them.
        var data = new Pcg32(5);
        var x = new float[10_007];
        for (int i = 0; i < x.Length; i++) x[i] = (data.NextFloat() - 0.5f) * 20;
        x[3] = 0f; x[4] = -0f; x[5] = float.NaN; x[6] = float.PositiveInfinity; x[7] = float.NegativeInfinity; x[8] = float.Epsilon;
        const float lower = 0.1f, upper = 0.3f;
        var rng = new Pcg32(77);
        var reference = new Pcg32(77);
        var y = new float[x.Length];
        var noise = new float[x.Length];
        Rrelu.ForwardTrain(x, y, noise, lower, upper, ref rng);
        int draws = 0;
        for (int i = 0; i < x.Length; i++)
        {
            float v = x[i], slope = 1f;
            if (!(v > 0)) { slope = lower + (upper - lower) * reference.NextFloat(); draws++; }
            Assert.Equal(BitConverter.SingleToInt32Bits(slope), BitConverter.SingleToInt32Bits(noise[i]));
            Assert.Equal(BitConverter.SingleToInt32Bits(v * slope), BitConverter.SingleToInt32Bits(y[i]));
        }
        Assert.InRange(draws, 4_500, 5_500);
        Assert.Equal(reference.NextUInt(), rng.NextUInt());
    }

    [Fact]
    public void Prelu_slope_gradient_sums_x_dy_over_non_positive_inputs_per_channel()
    {
        var act = (PreluActivation)Catalogue.Catalogue.Resolve("prelu:num-parameters=2");
        act.Weight[1] = 0.5f;
        // shape [2, 2, 3]: batch 2, channels 2, 3 positions
        float[] x = [-1, 2, -3, /*c1*/ -4, 0, 6, /*b2 c0*/ 1, -1, 0, /*c1*/ -2, -2, 3];
        var dy = Enumerable.Range(1, 12).Select(i => (float)i).ToArray();
        var y = new float[12];
        var dx = new float[12];
        int[] shape = [2, 2, 3];
        act.Forward(x, y, shape);
        Assert.Equal(-0.25f, y[0]);
        Assert.Equal(-2f, y[3]);
        act.Backward(x, y, dy, dx, shape);
        // channel 0: x ≤ 0 at (−1·1) + (−3·3) + (−1·8) + (0·9) = −18; channel 1: (−4·4) + (0·5) + (−2·10) + (−2·11) = −58
        Assert.Equal(-18f, act.WeightGrad[0]);
        Assert.Equal(-58f, act.WeightGrad[1]);
        Assert.Equal(0.25f * 1, dx[0]);
        Assert.Equal(2f, dx[1]);
        Assert.Equal(0.5f * 4, dx[3]);
        Assert.Equal(0.5f * 5, dx[4]); // the slope at x = 0
    }

    [Theory]
    [InlineData(float.NegativeInfinity, 0f, 0f)]
    [InlineData(-3e38f, 3.333333e-39f, 0f)]                       // b/(4|x|), and f′ below the float range
    [InlineData(-1e20f, 1e-20f, 1e-40f)]                          // scaled lanes (|x| ≥ 2^60), subnormal f′
    [InlineData(-1e18f, 1e-18f, 1e-36f)]                          // just below the scaling
    [InlineData(1e18f, 1e18f, 1f)]
    [InlineData(3e38f, 3e38f, 1f)]                                // x² would overflow without the scaling
    [InlineData(float.PositiveInfinity, float.PositiveInfinity, float.NaN)] // ½ + ½·∞/∞, as the formula gives it
    public void Squareplus_at_huge_and_infinite_inputs_is_the_formulas_value(float x, float f, float d)
    {
        var act = Catalogue.Catalogue.Resolve("squareplus");
        var xs = new float[17];
        Array.Fill(xs, x);                                              // a vector and a tail
        var ys = new float[17];
        var dx = new float[17];
        var dy = new float[17];
        Array.Fill(dy, 1f);
        act.Forward(xs, ys);
        act.Backward(xs, ys, dy, dx);
        foreach (int i in new[] { 0, 16 })
        {
            Assert.True(Close(ys[i], f), $"f({x}) = {ys[i]:R}, expected {f:R}");
            Assert.True(Close(dx[i], d), $"f′({x}) = {dx[i]:R}, expected {d:R}");
        }
    }

    [Theory]
    [InlineData(1e-45f)]    // subnormal b: x², b and the pairs scaled up where |x| < 2^−30
    [InlineData(1e-30f)]
    [InlineData(1e30f)]
    [InlineData(3.4e38f)]   // b at the top of the float range
    public void Squareplus_with_extreme_b_stays_within_the_contract_over_every_magnitude(float b)
    {
        var act = Catalogue.Catalogue.Resolve(FormattableString.Invariant($"squareplus:b={b:R}"));
        var rng = new Pcg32(8);
        var xs = new float[100_003];
        for (int i = 0; i < xs.Length; i++) xs[i] = (float)((rng.NextDouble() * 2 - 1) * Math.Pow(10, rng.NextDouble() * 76 - 38));
        var ys = new float[xs.Length];
        var dx = new float[xs.Length];
        var dy = new float[xs.Length];
        Array.Fill(dy, 1f);
        act.Forward(xs, ys);
        act.Backward(xs, ys, dy, dx);
        for (int i = 0; i < xs.Length; i++)
        {
            double x = xs[i], s = Math.Sqrt(x * x + b);
            double f = x >= 0 ? (x + s) / 2 : b / (2 * (s - x));
            double d = x >= 0 ? 0.5 + 0.5 * x / s : b / (2 * s * (s - x));
            Assert.True(Accuracy.UlpError(ys[i], f) <= Tolerance.ForwardUlp, $"b={b}: f({x:R}) = {ys[i]:R}, true {f:R}");
            Assert.True(Accuracy.UlpError(dx[i], d) <= Tolerance.BackwardUlp, $"b={b}: f′({x:R}) = {dx[i]:R}, true {d:R}");
        }
    }

    /// <summary>NaN for NaN, the same infinity for an infinity, else within 1e-6 relative (or one subnormal step).</summary>
    private static bool Close(float got, float want)
        => float.IsNaN(want) ? float.IsNaN(got)
         : float.IsInfinity(want) ? got.Equals(want)
         : Math.Abs(got - want) <= 1e-6 * Math.Abs(want) + float.Epsilon;
}
