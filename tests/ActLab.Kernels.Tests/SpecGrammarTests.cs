using ActLab.Kernels.Catalogue;

namespace ActLab.Kernels.Tests;

/// <summary>The spec grammar is strict, and a parameter that is finite but breaks float32 or the function is refused.</summary>
public class SpecGrammarTests
{
    [Theory]
    [InlineData("leaky-relu: negative-slope=0.1", "has whitespace at character 12")]
    [InlineData(" relu", "has whitespace at character 1")]
    [InlineData("relu:", "nothing follows ':'")]
    [InlineData("elu:alpha=1,", "a stray ','")]
    [InlineData("elu:,alpha=1", "a stray ','")]
    [InlineData("elu:alpha=1,alpha=2", "'alpha' is given twice")]
    [InlineData("elu:alpha=1,ALPHA=2", "'alpha' is given twice")]
    [InlineData("elu:alpha=", "'alpha=' is not key=value")]
    [InlineData("leaky-relu:negative-slope=1e39", "beyond float32's range")]
    [InlineData("elu:alpha=1e39", "beyond float32's range")]
    [InlineData("celu:alpha=1e-46", "rounds to 0 in float32")]
    [InlineData("squareplus:b=1e39", "beyond float32's range")]
    [InlineData("softplus:beta=1e-45", "is not finite at x = -10")]
    public void Malformed_or_overflowing_specs_are_refused(string spec, string message)
    {
        var e = Assert.Throws<SpecException>(() => Catalogue.Catalogue.Resolve(spec));
        Assert.Contains(message, e.Message);
        Assert.Equal("spec", e.Parameter);
    }

    [Fact]
    public void Values_in_messages_are_shortened_and_control_characters_escaped()
    {
        var e = Assert.Throws<SpecException>(() => Catalogue.Catalogue.Resolve(new string('x', 10_000_000) + "\u001b[31m"));
        Assert.Contains("(10,000,005 characters)", e.Message);
        Assert.True(e.Message.Length < 800, $"message of {e.Message.Length} characters");
        Assert.False(e.Message.Contains('\u001b', StringComparison.Ordinal), "an escape character reached the message");
        Assert.Equal("a\\x1B[31mb\\n", InputException.Show("a\u001b[31mb\n"));
        Assert.EndsWith("(200 characters)", InputException.Show(new string('y', 200)));
    }

    [Fact]
    public void A_registered_activation_resolves_describes_and_builds_like_a_built_in_one()
    {
        string key = $"test-cube-{Guid.NewGuid():N}"[..20];
        Catalogue.Catalogue.Register(new ActivationInfo
        {
            Key = key, DisplayName = "Cube", Origin = Origin.User, Formula = "f(x) = x³", FormulaLatex = "x^3", Derivative = "f'(x) = 3x²", DerivativeLatex = "3x^2",
            Range = "(−∞, ∞)", RangeMin = double.NegativeInfinity, RangeMax = double.PositiveInfinity, ZeroCentred = true, Monotonic = true, Smooth = true,
            MaxSlope = double.PositiveInfinity, MaxSlopeAt = "|x| → ∞", Uses = Use.Teaching, Paper = "—", PyTorch = "x ** 3", Keras = "—",
            Summary = "A test activation.",
            Parameters = [new ParameterInfo("scale", "scale", 1.0, "a factor")],
            Factory = v => Activation.FromFunctions(x => (float)v[0] * x * x * x, (x, _) => 3 * (float)v[0] * x * x),
        });
        var a = Catalogue.Catalogue.Resolve($"{key}:scale=2");
        Assert.Equal(16f, a.Evaluate(2f));
        Assert.Equal(24f, a.Derivative(2f));
        Assert.Equal($"{key}:scale=2", a.Spec);
        Assert.Contains(Catalogue.Catalogue.All, i => i.Key == key && i.Origin == Origin.User);
        Assert.Equal(a.Spec, a.NewInstance().Spec);
        Assert.Contains("is taken by", Assert.Throws<SpecException>(() => Catalogue.Catalogue.Register(Catalogue.Catalogue.Get("relu") with { Aliases = [] })).Message);
        Assert.Contains("not kebab-case", Assert.Throws<SpecException>(() => Catalogue.Catalogue.Register(Catalogue.Catalogue.Get("relu") with { Key = "My Relu" })).Message);
    }
}
