using ActLab.Kernels.Tests.Reference;

namespace ActLab.Kernels.Tests;

/// <summary>Float kernels that claim correct rounding, checked on every float of whole binades (the full range is
/// checked by <c>tools/ActLab.DocGen --exhaustive SPEC</c>: hardsigmoid, every float in [−3.5, 3.5), 0 differences; hardswish too),
/// and smooth float kernels built from compensated pieces, on whole binades against the forward contract (GELU: every float
/// in [−16, 16) is within 1.62 ULP by the same tool).</summary>
public class ExhaustiveBinadeTests
{
    [Theory]
    [InlineData("hardsigmoid", -0.5f, -0.25f)]
    [InlineData("hardsigmoid", 1f, 2f)]
    [InlineData("hardsigmoid", 2f, 3f)]
    [InlineData("hardsigmoid", -3f, -2f)]
    [InlineData("hardsigmoid", 1e-7f, 2e-7f)]
    [InlineData("hardswish", -0.5f, -0.25f)]
    [InlineData("hardswish", 1f, 2f)]
    [InlineData("hardswish", 2f, 3f)]
    [InlineData("hardswish", -3f, -2f)]
    [InlineData("hardswish", -2f, -1f)]
    [InlineData("hardswish", 1e-7f, 2e-7f)]
    public void Every_float_of_the_range_is_the_exact_result(string spec, float from, float to)
    {
        var r = RefFunctions.All.Single(f => f.Spec == spec);
        var act = ActLab.Kernels.Catalogue.Catalogue.Resolve(spec);
        int a = BitConverter.SingleToInt32Bits(from), b = BitConverter.SingleToInt32Bits(to);
        // For negative floats the bit patterns grow as the values fall.
        (int lo, int hi) = a <= b ? (a, b) : (b + 1, a + 1);
        var xs = new float[hi - lo];
        for (int i = 0; i < xs.Length; i++) xs[i] = BitConverter.Int32BitsToSingle(lo + i);
        var ys = new float[xs.Length];
        act.Forward(xs, ys);
        int misses = 0;
        float first = float.NaN;
        for (int i = 0; i < xs.Length; i++)
        {
            if (BitConverter.SingleToInt32Bits(ys[i]) == BitConverter.SingleToInt32Bits(r.Exact(xs[i]))) continue;
            if (misses++ == 0) first = xs[i];
        }
        Assert.True(misses == 0, $"{spec}: {misses} of {xs.Length:N0} floats in [{from}, {to}) differ from the exact result, first at x = {first:R}.");
    }

    [Theory]
    [InlineData("gelu", 0.015625f, 0.03125f)]   // where the exhaustive run found its worst (x − e·P rounding twice)
    [InlineData("gelu", 1f, 2f)]
    [InlineData("gelu", -0.5f, -0.25f)]
    [InlineData("gelu", -2f, -1f)]
    [InlineData("gelu", -5f, -4.5f)]            // (parts of binades beyond: the oracle's continued fraction is slow)
    [InlineData("gelu", -14.5f, -13.5f)]        // the tail, subnormal results down to 0
    public void Every_float_of_the_range_is_within_the_forward_contract(string spec, float from, float to)
    {
        var r = RefFunctions.All.Single(f => f.Spec == spec);
        var act = ActLab.Kernels.Catalogue.Catalogue.Resolve(spec);
        int a = BitConverter.SingleToInt32Bits(from), b = BitConverter.SingleToInt32Bits(to);
        (int lo, int hi) = a <= b ? (a, b) : (b + 1, a + 1);
        var xs = new float[hi - lo];
        for (int i = 0; i < xs.Length; i++) xs[i] = BitConverter.Int32BitsToSingle(lo + i);
        var ys = new float[xs.Length];
        act.Forward(xs, ys);
        double worst = 0;
        float at = float.NaN;
        for (int i = 0; i < xs.Length; i++)
        {
            double u = Accuracy.UlpError(ys[i], r.F(xs[i]));
            if (u > worst) { worst = u; at = xs[i]; }
        }
        Assert.True(worst <= Tolerance.ForwardUlp, $"{spec}: {worst:F3} ULP at x = {at:R} in [{from}, {to}) (limit {Tolerance.ForwardUlp}).");
    }
}
