using ActLab.Kernels.Catalogue;
using ActLab.Kernels.Random;
using ActLab.Kernels.Tests.Reference;

namespace ActLab.Kernels.Tests;

/// <summary>The generic suite every elementwise function gets by having an oracle in <see cref="RefFunctions"/>.</summary>
public class ConformanceTests
{
    public static TheoryData<string> Specs() => [.. RefFunctions.All.Select(r => r.Spec)];
    private static RefFunction Ref(string spec) => RefFunctions.All.Single(f => f.Spec == spec);

    private static float[] RandomFloats(int n, ulong seed, float scale = 8f)
    {
        var rng = new Pcg32(seed);
        var a = new float[n];
        for (int i = 0; i < n; i++) a[i] = (float)((rng.NextDouble() * 2 - 1) * scale);
        return a;
    }

    private static bool SameBits(float a, float b) => BitConverter.SingleToInt32Bits(a) == BitConverter.SingleToInt32Bits(b) || (float.IsNaN(a) && float.IsNaN(b));

    [Theory, MemberData(nameof(Specs))]
    public void Every_length_to_three_vector_widths_plus_one_gives_the_pointwise_result(string spec)
    {
        var act = Catalogue.Catalogue.Resolve(spec);
        for (int n = 0; n <= 3 * 16 + 1; n++)
        {
            var x = RandomFloats(n, (ulong)n + 1);
            var y = new float[n];
            var dy = RandomFloats(n, (ulong)n + 100, 1f);
            var dx = new float[n];
            act.Forward(x, y);
            act.Backward(x, y, dy, dx);
            for (int i = 0; i < n; i++)
            {
                Assert.True(SameBits(y[i], act.Evaluate(x[i])), $"{spec}: length {n}, element {i}: forward {y[i]:R} vs pointwise {act.Evaluate(x[i]):R}.");
                float expected = act.Derivative(x[i]) * dy[i];
                Assert.True(SameBits(dx[i], expected) || Math.Abs(dx[i] - expected) <= 1e-6f * Math.Abs(expected),
                    $"{spec}: length {n}, element {i}: backward {dx[i]:R} vs pointwise {expected:R}.");
            }
        }
    }

    [Theory, MemberData(nameof(Specs))]
    public void In_place_use_gives_the_same_result(string spec)
    {
        var act = Catalogue.Catalogue.Resolve(spec);
        var x = RandomFloats(37, 5);
        var y = new float[37];
        act.Forward(x, y);
        var inPlace = (float[])x.Clone();
        act.Forward(inPlace, inPlace);
        Assert.Equal(y, inPlace);

        var dy = RandomFloats(37, 6, 1f);
        var dx = new float[37];
        act.Backward(x, y, dy, dx);
        var dyInPlace = (float[])dy.Clone();
        act.Backward(x, y, dyInPlace, dyInPlace);
        Assert.Equal(dx, dyInPlace);
    }

    [Theory, MemberData(nameof(Specs))]
    public void A_destination_too_short_or_partially_overlapping_throws(string spec)
    {
        var act = Catalogue.Catalogue.Resolve(spec);
        var x = RandomFloats(20, 7);
        var ex = Assert.Throws<ArgumentException>(() => act.Forward(x, new float[19]));
        Assert.Contains("needs at least 20", ex.Message);
        Assert.Throws<ArgumentException>(() => act.Backward(x, x, x, new float[19]));
        var buffer = new float[25];
        Assert.Throws<ArgumentException>(() => act.Forward(buffer.AsSpan(0, 20), buffer.AsSpan(3, 20)));
    }

    [Theory, MemberData(nameof(Specs))]
    public void Special_values_follow_the_oracle_and_finite_stays_finite(string spec)
    {
        var r = Ref(spec);
        var act = Catalogue.Catalogue.Resolve(spec);
        float[] xs = [.. Accuracy.Inputs(0), float.NaN, float.PositiveInfinity, float.NegativeInfinity];
        var y = new float[xs.Length];
        act.Forward(xs, y);
        for (int i = 0; i < xs.Length; i++)
        {
            double truth = r.F(xs[i]);
            if (float.IsNaN(xs[i])) Assert.True(float.IsNaN(y[i]), $"{spec}({xs[i]}) = {y[i]}, expected NaN (NaN propagates as in PyTorch).");
            else if (double.IsNaN(truth)) Assert.True(float.IsNaN(y[i]), $"{spec}({xs[i]}) = {y[i]}; PyTorch's formula gives NaN there.");
            else if (float.IsFinite((float)truth)) Assert.True(float.IsFinite(y[i]), $"{spec}({xs[i]:R}) = {y[i]} but the true value {truth:R} is finite.");
            else Assert.Equal((float)truth, y[i]);
        }
    }

    [Theory, MemberData(nameof(Specs))]
    public void Backward_matches_a_central_difference_of_the_double_oracle(string spec)
    {
        var r = Ref(spec);
        var act = Catalogue.Catalogue.Resolve(spec);
        var xs = RandomFloats(400, 11, 6f).Where(x => r.Kinks is null || r.Kinks.All(k => Math.Abs(x - k) > 1e-3)).ToArray();
        var y = new float[xs.Length];
        var ones = Enumerable.Repeat(1f, xs.Length).ToArray();
        var dx = new float[xs.Length];
        act.Forward(xs, y);
        act.Backward(xs, y, ones, dx);
        for (int i = 0; i < xs.Length; i++)
        {
            double x = xs[i], h = 1e-5 * Math.Max(1, Math.Abs(x));
            double numeric = (r.F(x + h) - r.F(x - h)) / (2 * h);
            Assert.True(Math.Abs(dx[i] - numeric) <= 1e-5 * Math.Max(1, Math.Abs(numeric)),
                $"{spec}'({x:R}): kernel {dx[i]:R}, central difference {numeric:R}.");
        }
    }
}
