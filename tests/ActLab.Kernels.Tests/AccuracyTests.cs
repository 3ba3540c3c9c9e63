using ActLab.Kernels.Tests.Reference;

namespace ActLab.Kernels.Tests;

/// <summary>Every elementwise function against the double oracle over the whole float range.</summary>
public class AccuracyTests
{
    private static readonly float[] Xs = Accuracy.Inputs(40_000);

    public static TheoryData<string> Specs() => [.. RefFunctions.All.Select(r => r.Spec)];

    [Theory, MemberData(nameof(Specs))]
    public void Forward_is_within_two_ulp_or_bit_exact_for_piecewise_linear(string spec)
    {
        var r = RefFunctions.All.Single(f => f.Spec == spec);
        var m = Accuracy.Measure(r, Xs);
        if (r.IsPiecewiseExact)
            Assert.True(m.ForwardMismatches == 0, $"{spec}: {m.ForwardMismatches} results differ from the float computation PyTorch does.");
        else
            Assert.True(m.ForwardMaxUlp <= Tolerance.ForwardUlp, $"{spec}: forward error {m.ForwardMaxUlp:F2} ULP at x = {m.ForwardWorstX:R} (limit {Tolerance.ForwardUlp}).");
    }

    [Theory, MemberData(nameof(Specs))]
    public void Backward_is_within_four_ulp_or_1e7_absolute_near_zero(string spec)
    {
        var r = RefFunctions.All.Single(f => f.Spec == spec);
        var m = Accuracy.Measure(r, Xs);
        Assert.True(m.BackwardMaxUlp <= Tolerance.BackwardUlp, $"{spec}: backward error {m.BackwardMaxUlp:F2} ULP at x = {m.BackwardWorstX:R} (limit {Tolerance.BackwardUlp}).");
        Assert.True(m.BackwardMaxAbsNearZero <= Tolerance.BackwardAbsNearZero || m.BackwardMaxUlp <= Tolerance.BackwardUlp,
            $"{spec}: near-zero backward error {m.BackwardMaxAbsNearZero:E2}.");
    }

    [Fact]
    public void Every_elementwise_catalogue_entry_has_an_oracle()
    {
        var covered = RefFunctions.All.Select(r => ActLab.Kernels.Catalogue.Catalogue.Resolve(r.Spec).Info.Key).ToHashSet();
        var missing = ActLab.Kernels.Catalogue.Catalogue.All
            // Entries an application registers (tests register some) bring their own tests.
            .Where(e => e.Kind == ActLab.Kernels.Catalogue.ActivationKind.Elementwise && e.Origin != ActLab.Kernels.Catalogue.Origin.User && !covered.Contains(e.Key)).Select(e => e.Key).ToList();
        Assert.True(missing.Count == 0, $"Add an oracle to tests/ActLab.Kernels.Tests/Reference/RefFunctions.cs for: {string.Join(", ", missing)}.");
    }
}
