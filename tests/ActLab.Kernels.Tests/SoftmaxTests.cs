using ActLab.Kernels.Random;
using ActLab.Kernels.Softmax;
using ActLab.Kernels.Tests.Reference;

namespace ActLab.Kernels.Tests;

/// <summary>Softmax, log-softmax and softmin against a double oracle, along every axis, with PyTorch's edge cases.</summary>
public class SoftmaxTests
{
    private static double[] RefSoftmax(double[] x, bool log, double sign = 1) => RefMath.Softmax(x, log, sign);

    [Fact]
    public void Large_equal_logits_do_not_overflow()
    {
        var y = new float[3];
        SoftmaxKernels.Softmax([1000f, 1000f, 0f], y);
        Assert.Equal([0.5f, 0.5f, 0f], y);
    }

    [Fact]
    public void Log_softmax_of_1e8_pair_is_minus_ln2_each()
    {
        var y = new float[2];
        SoftmaxKernels.LogSoftmax([1e8f, 1e8f], y);
        Assert.Equal(-(float)Math.Log(2), y[0]);
        Assert.Equal(-(float)Math.Log(2), y[1]);
    }

    [Fact]
    public void An_all_minus_infinity_row_gives_NaN_as_PyTorch()
    {
        var y = new float[3];
        SoftmaxKernels.Softmax([float.NegativeInfinity, float.NegativeInfinity, float.NegativeInfinity], y);
        Assert.All(y, v => Assert.True(float.IsNaN(v)));
    }

    [Fact]
    public void A_NaN_anywhere_in_the_row_gives_a_NaN_row_and_other_rows_are_untouched()
    {
        var x = new float[40];
        x[3] = float.NaN;
        var y = new float[40];
        SoftmaxKernels.Softmax(x, y, [2, 20], -1);
        Assert.All(y[..20], v => Assert.True(float.IsNaN(v)));
        Assert.All(y[20..], v => Assert.Equal(0.05f, v, 1e-7f));
    }

    [Fact]
    public void Minus_infinity_entries_are_masked_to_zero()
    {
        var y = new float[3];
        SoftmaxKernels.Softmax([float.NegativeInfinity, 0f, 0f], y);
        Assert.Equal([0f, 0.5f, 0.5f], y);
    }

    public static TheoryData<int, int> AxisCases() => new() { { 0, 1 }, { 1, 2 }, { 2, 3 }, { -1, 4 }, { -3, 5 } };

    [Theory, MemberData(nameof(AxisCases))]
    public void Every_axis_of_a_3d_shape_is_within_two_ulp(int axis, int seed)
    {
        int[] shape = [3, 17, 5];
        int n = 3 * 17 * 5;
        var rng = new Pcg32((ulong)seed);
        var x = Enumerable.Range(0, n).Select(_ => (float)(rng.NextDouble() * 60 - 30)).ToArray();
        foreach (var kind in new[] { "softmax", "log-softmax", "softmin" })
        {
            var y = new float[n];
            var act = Catalogue.Catalogue.Resolve($"{kind}:dim={axis}");
            act.Forward(x, y, shape);
            var s = AxisShape.Of(shape, axis, n);
            for (int o = 0; o < s.Outer; o++)
            for (int i = 0; i < s.Inner; i++)
            {
                var idx = Enumerable.Range(0, s.N).Select(j => o * s.N * s.Inner + j * s.Inner + i).ToArray();
                var truth = RefSoftmax([.. idx.Select(k => (double)x[k])], kind == "log-softmax", kind == "softmin" ? -1 : 1);
                for (int j = 0; j < s.N; j++)
                    Assert.True(Accuracy.UlpError(y[idx[j]], truth[j]) <= Tolerance.ForwardUlp,
                        $"{kind} dim {axis}: {y[idx[j]]:R} vs {truth[j]:R} ({Accuracy.UlpError(y[idx[j]], truth[j]):F2} ULP)");
            }
        }
    }

    [Fact]
    public void Every_row_length_to_three_vector_widths_plus_one_is_within_two_ulp()
    {
        var rng = new Pcg32(12);
        for (int n = 0; n <= 49; n++)
        {
            var x = Enumerable.Range(0, n).Select(_ => (float)(rng.NextDouble() * 200 - 100)).ToArray();
            var y = new float[n];
            var l = new float[n];
            SoftmaxKernels.Softmax(x, y);
            SoftmaxKernels.LogSoftmax(x, l);
            if (n == 0) continue;
            var ts = RefSoftmax([.. x.Select(v => (double)v)], false);
            var tl = RefSoftmax([.. x.Select(v => (double)v)], true);
            for (int i = 0; i < n; i++)
            {
                Assert.True(Accuracy.UlpError(y[i], ts[i]) <= Tolerance.ForwardUlp, $"softmax n={n} i={i}");
                Assert.True(Accuracy.UlpError(l[i], tl[i]) <= Tolerance.ForwardUlp, $"log-softmax n={n} i={i}");
            }
        }
    }

    [Theory]
    [InlineData("softmax", 1.0)]
    [InlineData("softmax", 30.0)]
    [InlineData("softmax", 1e4)]
    [InlineData("log-softmax", 1.0)]
    [InlineData("log-softmax", 30.0)]
    [InlineData("log-softmax", 1e4)]
    [InlineData("softmin", 30.0)]
    public void Long_rows_of_small_and_huge_logits_are_within_two_ulp(string kind, double scale)
    {
        var rng = new Pcg32(99);
        var act = Catalogue.Catalogue.Resolve(kind);
        foreach (int n in new[] { 1, 2, 63, 100, 257, 300, 1024, 4099 })
        for (int rep = 0; rep < 20; rep++)
        {
            var x = Enumerable.Range(0, n).Select(_ => (float)((rng.NextDouble() * 2 - 1) * scale)).ToArray();
            var y = new float[n];
            act.Forward(x, y);
            var truth = RefSoftmax([.. x.Select(v => (double)v)], kind == "log-softmax", kind == "softmin" ? -1 : 1);
            for (int i = 0; i < n; i++)
                Assert.True(Accuracy.UlpError(y[i], truth[i]) <= Tolerance.ForwardUlp,
                    $"{kind} n={n} scale={scale}: y[{i}] = {y[i]:R}, true {truth[i]:R} ({Accuracy.UlpError(y[i], truth[i]):F2} ULP)");
        }
    }

    [Theory]
    [InlineData("softmax")]
    [InlineData("log-softmax")]
    [InlineData("softmin")]
    public void Backward_matches_central_differences_along_an_inner_axis(string kind)
    {
        int[] shape = [2, 4, 3];
        var rng = new Pcg32(3);
        var x = Enumerable.Range(0, 24).Select(_ => (float)(rng.NextDouble() * 4 - 2)).ToArray();
        var dy = Enumerable.Range(0, 24).Select(_ => (float)(rng.NextDouble() * 2 - 1)).ToArray();
        var act = Catalogue.Catalogue.Resolve($"{kind}:dim=1");
        var y = new float[24];
        var dx = new float[24];
        act.Forward(x, y, shape);
        act.Backward(x, y, dy, dx, shape);
        var numeric = NumericVjp(x, dy, shape, 1, kind);
        for (int i = 0; i < 24; i++) Assert.Equal(numeric[i], dx[i], 1e-5);
    }

    // L(x) = Σ dy ⊙ f(x) in double; its gradient is the vector-Jacobian product the kernel's backward computes.
    private static double[] NumericVjp(float[] x, float[] dy, int[] shape, int axis, string kind)
    {
        var s = AxisShape.Of(shape, axis, x.Length);
        double L(double[] v)
        {
            double total = 0;
            for (int o = 0; o < s.Outer; o++)
            for (int i = 0; i < s.Inner; i++)
            {
                var idx = Enumerable.Range(0, s.N).Select(j => o * s.N * s.Inner + j * s.Inner + i).ToArray();
                var f = RefSoftmax([.. idx.Select(k => v[k])], kind == "log-softmax", kind == "softmin" ? -1 : 1);
                for (int j = 0; j < s.N; j++) total += dy[idx[j]] * f[j];
            }
            return total;
        }
        var xd = x.Select(v => (double)v).ToArray();
        var g = new double[x.Length];
        for (int k = 0; k < x.Length; k++)
        {
            double h = 1e-6, keep = xd[k];
            xd[k] = keep + h; double up = L(xd);
            xd[k] = keep - h; double down = L(xd);
            xd[k] = keep;
            g[k] = (up - down) / (2 * h);
        }
        return g;
    }

    [Fact]
    public void Softmax2d_works_over_channels_of_3d_and_4d_input_and_rejects_other_ranks()
    {
        var act = Catalogue.Catalogue.Resolve("softmax2d");
        var x = new float[2 * 3 * 2 * 2];
        for (int i = 0; i < x.Length; i++) x[i] = i % 5;
        var y = new float[x.Length];
        act.Forward(x, y, [2, 3, 2, 2]);
        for (int b = 0; b < 2; b++)
        for (int p = 0; p < 4; p++)
            Assert.Equal(1.0, Enumerable.Range(0, 3).Sum(c => (double)y[b * 12 + c * 4 + p]), 1e-6);
        var ex = Assert.Throws<InputException>(() => act.Forward(x, y, [6, 4]));
        Assert.Contains("3-D", ex.Message);
    }

    [Fact]
    public void A_shape_that_does_not_hold_the_input_is_refused()
    {
        var ex = Assert.Throws<InputException>(() => SoftmaxKernels.Softmax(new float[6], new float[6], [4, 2], -1));
        Assert.Contains("holds 8 elements", ex.Message);
        Assert.Throws<InputException>(() => SoftmaxKernels.Softmax(new float[6], new float[6], [3, 2], 2));
        Assert.Throws<ArgumentException>(() => SoftmaxKernels.Softmax(new float[6], new float[5]));
    }

    [Theory]
    [InlineData("softmax")]
    [InlineData("log-softmax")]
    [InlineData("softmin")]
    public void In_place_gives_the_same_bits_as_a_separate_output(string kind)
    {
        // Pass 3 of the vector path reads x again, so an in-place call must not overwrite x before it (it did, for rows
        // of a vector or longer, until issue 11's review).
        void Run(float[] x, float[] y, int[] shape, int axis)
        {
            if (kind == "softmax") SoftmaxKernels.Softmax(x, y, shape, axis);
            else if (kind == "softmin") SoftmaxKernels.Softmin(x, y, shape, axis);
            else SoftmaxKernels.LogSoftmax(x, y, shape, axis);
        }
        var rng = new ActLab.Kernels.Random.Pcg32(21);
        for (int n = 1; n <= 3 * 16 + 1; n++)
        foreach (bool special in new[] { false, true })
        {
            var x = new float[2 * n];
            for (int i = 0; i < x.Length; i++) x[i] = (float)(rng.NextDouble() * 40 - 20);
            if (special) { x[0] = float.PositiveInfinity; x[x.Length - 1] = float.NegativeInfinity; }
            foreach (int[] shape in new[] { new[] { 2, n }, new[] { n, 2 } })
            {
                int axis = shape[0] == 2 ? -1 : 0;
                var y = new float[x.Length];
                Run(x, y, shape, axis);
                var z = (float[])x.Clone();
                Run(z, z, shape, axis);
                Assert.True(y.SequenceEqual(z), $"{kind} n={n} shape [{shape[0]}, {shape[1]}] special={special}: in place differs.");
            }
        }
    }
}
