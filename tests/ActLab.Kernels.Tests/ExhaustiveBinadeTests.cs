using ActLab.Kernels.Tests.Reference;

namespace ActLab.Kernels.Tests;

/// <summary>Float kernels that claim correct rounding, checked on every float of whole binades (the full range is
/// checked by <c>tools/ActLab.DocGen --exhaustive SPEC</c>: hardsigmoid, every float in [−3.5, 3.5), 0 differences; hardswish too),
/// and smooth float kernels built from compensated pieces, on whole binades against the forward contract (GELU: every float
/// but +∞ is within 1.62 ULP by the same tool, and for tanhshrink within 1.44).</summary>
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
        var xs = FloatsIn(from, to);
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
    [InlineData("tanhshrink", 1f, 1.25f)]       // the top of the x³R(x²) branch
    [InlineData("tanhshrink", -2f, -1.25f)]     // (|x| − 1) + 2e/(1 + e) next to the switch
    [InlineData("tanhshrink", -0.5f, -0.25f)]
    [InlineData("tanhshrink", 4.656612873077393e-10f, 9.313225746154785e-10f)]       // [2^−31, 2^−30): x scaled by 2^40
    [InlineData("tanhshrink", 2.842170943040401e-14f, 5.684341886080802e-14f)]       // [2^−45, 2^−44): subnormal results
    // Unscaled, the residuals of x² and x³ go subnormal below 2^−34 and the error there reached 1.664 ULP (at −4.07e-13,
    // DocGen --exhaustive); the scaling keeps it at the level of the rest of the range.
    [InlineData("tanhshrink", 2.2737367544323206e-13f, 4.547473508864641e-13f, 1.5)]  // [2^−42, 2^−41)
    public void Every_float_of_the_range_is_within_the_forward_contract(string spec, float from, float to, double limit = Tolerance.ForwardUlp)
    {
        var r = RefFunctions.All.Single(f => f.Spec == spec);
        var act = ActLab.Kernels.Catalogue.Catalogue.Resolve(spec);
        var xs = FloatsIn(from, to);
        var ys = new float[xs.Length];
        act.Forward(xs, ys);
        double worst = 0;
        float at = float.NaN;
        for (int i = 0; i < xs.Length; i++)
        {
            double u = Accuracy.UlpError(ys[i], r.F(xs[i]));
            if (u > worst) { worst = u; at = xs[i]; }
        }
        Assert.True(worst <= limit, $"{spec}: {worst:F3} ULP at x = {at:R} in [{from}, {to}) (limit {limit}).");
    }

    /// <summary>Every float x with from ≤ x &lt; to, for a range that does not cross 0.</summary>
    private static float[] FloatsIn(float from, float to)
    {
        int a = BitConverter.SingleToInt32Bits(from), b = BitConverter.SingleToInt32Bits(to);
        // For negative floats the bit patterns grow as the values fall.
        (int lo, int hi) = a <= b ? (a, b) : (b + 1, a + 1);
        var xs = new float[hi - lo];
        for (int i = 0; i < xs.Length; i++) xs[i] = BitConverter.Int32BitsToSingle(lo + i);
        return xs;
    }
}
