using ActLab.Kernels.Catalogue;

namespace ActLab.Kernels.Tests;

public class SaturationTests
{
    private static IReadOnlyList<SaturationPoint> Of(string spec) => Saturation.Find(Catalogue.Catalogue.Resolve(spec));

    [Fact]
    public void Sigmoid_rounds_to_one_just_above_16_6_and_to_zero_near_minus_104()
    {
        var s = Of("sigmoid");
        var pos = s.Single(p => p.Side > 0);
        Assert.Equal(1f, pos.Value);
        Assert.InRange(pos.From, 16.5f, 17.4f);
        Assert.True(Catalogue.Catalogue.Resolve("sigmoid").Evaluate(MathF.BitDecrement(pos.From)) < 1f);
        var neg = s.Single(p => p.Side < 0);
        Assert.Equal(0f, neg.Value);
        Assert.InRange(neg.From, -104.5f, -103f);
    }

    [Fact]
    public void Tanh_saturates_at_about_nine()
    {
        var s = Of("tanh");
        Assert.InRange(s.Single(p => p.Side > 0).From, 8.5f, 9.5f);
        Assert.Equal(-1f, s.Single(p => p.Side < 0).Value);
    }

    [Fact]
    public void Relu_is_constant_from_zero_down_and_never_saturates_above()
    {
        var s = Of("relu");
        Assert.Equal(0f, s.Single().From);
        Assert.Equal(-1, s.Single().Side);
    }

    [Fact]
    public void Exponential_overflows_to_infinity_above_88_7()
    {
        var pos = Of("exponential").Single(p => p.Side > 0);
        Assert.Equal(float.PositiveInfinity, pos.Value);
        Assert.InRange(pos.From, 88.7f, 88.73f);
    }
}
