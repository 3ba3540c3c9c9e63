using ActLab.Kernels.Activations;
using ActLab.Kernels.Random;
using ActLab.Kernels.Simd;
using ActLab.Kernels.Tests.Reference;

namespace ActLab.Kernels.Tests;

/// <summary>Kernels whose backward reads only y (<see cref="IBackwardFromOutput"/>): the driver hands them y, never x;
/// without y it forms f(x) itself, to the same bits; and the derivative from y stays within the backward contract where
/// it is small, the place a derivative from the output usually loses its precision.</summary>
[Collection("workers")]
public class BackwardFromOutputTests
{
    public static TheoryData<string> Specs => ["exponential", "log-sigmoid"];

    private static float[] Inputs(int n, ulong seed, float scale)
    {
        var rng = new Pcg32(seed);
        var x = new float[n];
        for (int i = 0; i < n; i++) x[i] = (float)((rng.NextDouble() * 2 - 1) * scale);
        return x;
    }

    private static bool SameBits(float a, float b) => BitConverter.SingleToInt32Bits(a) == BitConverter.SingleToInt32Bits(b);

    [Theory, MemberData(nameof(Specs))]
    public void The_backward_reads_y_and_not_x(string spec)
    {
        var act = Catalogue.Catalogue.Resolve(spec);
        var x = Inputs(53, 1, 30f);
        var y = new float[x.Length];
        act.Forward(x, y);
        var dy = Inputs(x.Length, 2, 1f);
        var expected = new float[x.Length];
        act.Backward(x, y, dy, expected);
        var garbage = Enumerable.Repeat(float.NaN, x.Length).ToArray();
        var dx = new float[x.Length];
        act.Backward(garbage, y, dy, dx);
        for (int i = 0; i < x.Length; i++)
            Assert.True(SameBits(expected[i], dx[i]) && !float.IsNaN(dx[i]), $"{spec}: element {i}: {dx[i]:R} with x replaced by NaN, {expected[i]:R} with x.");
    }

    [Theory, MemberData(nameof(Specs))]
    public void Without_y_the_driver_forms_it_and_gives_the_same_bits(string spec)
    {
        var act = Catalogue.Catalogue.Resolve(spec);
        // Lengths with tails, and one long enough to be split over threads.
        foreach (int n in new[] { 1, 15, 16, 33, 5 * Elementwise.Grain + 37 })
        {
            var x = Inputs(n, (ulong)n, 100f);
            var y = new float[n];
            act.Forward(x, y);
            var dy = Inputs(n, (ulong)n + 1, 1f);
            var withY = new float[n];
            var withoutY = new float[n];
            act.Backward(x, y, dy, withY);
            act.Backward(x, default, dy, withoutY);
            for (int i = 0; i < n; i++)
                Assert.True(SameBits(withY[i], withoutY[i]), $"{spec}: length {n}, element {i}: {withoutY[i]:R} without y, {withY[i]:R} with it.");
            // In place over dy, without y: dy must still be read before dx is written.
            act.Backward(x, default, dy, dy);
            Assert.Equal(withY, dy);
        }
    }

    [Fact]
    public void Log_sigmoid_from_y_keeps_its_relative_precision_where_the_derivative_vanishes()
    {
        // σ(−x) for large x is e^(−x) to full relative precision, down to the subnormals; from y = log σ(x) ≈ −e^(−x)
        // it must stay so (1 − e^y would cancel to 0 or to a multiple of 2^−24).
        var act = Catalogue.Catalogue.Resolve("log-sigmoid");
        float[] xs = [5f, 10f, 16.5f, 17.5f, 20f, 40f, 80f, 86f, 90f, 100f, -1e-3f, 1e-3f, 0f, -5f, -20f, -100f];
        var y = new float[xs.Length];
        act.Forward(xs, y);
        var dx = new float[xs.Length];
        act.Backward(xs, y, Enumerable.Repeat(1f, xs.Length).ToArray(), dx);
        for (int i = 0; i < xs.Length; i++)
        {
            double exact = RefMath.Sigmoid(-(double)xs[i]);
            double ulp = Accuracy.UlpError(dx[i], exact);
            Assert.True(ulp <= Tolerance.BackwardUlp, $"log-sigmoid′({xs[i]:R}) = {dx[i]:R}, exact {exact:R}: {ulp:F2} ULP.");
        }
        Assert.True(dx[Array.IndexOf(xs, 90f)] > 0, "σ(−90) is a positive subnormal, not 0.");
    }
}
