using ActLab.Kernels.Catalogue;

namespace ActLab.Kernels.Tests;

public class CatalogueTests
{
    public static TheoryData<string> Keys() => [.. Catalogue.Catalogue.All.Select(e => e.Key)];

    [Fact]
    public void The_catalogue_has_every_function_the_issue_names()
    {
        string[] required =
        [
            "binary-step", "sign", "sigmoid", "tanh", "relu", "leaky-relu", "prelu", "elu", "gelu", "softmax",
            "relu6", "hardtanh", "hardsigmoid", "hardswish", "hardshrink", "softshrink", "tanhshrink", "threshold", "rrelu",
            "selu", "celu", "silu", "mish", "softplus", "log-sigmoid", "softsign", "glu", "softmin", "log-softmax", "softmax2d",
            "identity", "exponential", "squareplus", "sparse-plus", "sparse-sigmoid", "squared-relu", "snake", "swish", "sparsemax",
        ];
        var keys = Catalogue.Catalogue.All.Select(e => e.Key).ToHashSet();
        var missing = required.Where(k => !keys.Contains(k)).ToList();
        Assert.True(missing.Count == 0, $"Missing from the catalogue: {string.Join(", ", missing)}.");
        Assert.Equal(keys.Count, Catalogue.Catalogue.All.Count);
    }

    [Theory, MemberData(nameof(Keys))]
    public void Every_entry_is_documented_and_resolves_by_key_and_alias(string key)
    {
        var e = Catalogue.Catalogue.Get(key);
        foreach (var text in new[] { e.DisplayName, e.Formula, e.FormulaLatex, e.Derivative, e.DerivativeLatex, e.Range, e.Summary, e.Paper, e.PyTorch, e.Keras, e.MaxSlopeAt })
            Assert.False(string.IsNullOrWhiteSpace(text), $"{key}: a descriptive field is empty.");
        foreach (var alias in e.Aliases) Assert.Same(e, Catalogue.Catalogue.Get(alias));
        if (e.Parameters.All(p => p.Default is not null)) Assert.Equal(key, Catalogue.Catalogue.Resolve(key).Spec);
    }

    [Theory]
    [InlineData("LeakyReLU", "leaky-relu")]
    [InlineData("leaky_relu", "leaky-relu")]
    [InlineData("swish", "swish")]
    [InlineData("GELU", "gelu")]
    [InlineData("hard-swish", "hardswish")]
    [InlineData("linear", "identity")]
    [InlineData("step", "binary-step")]
    public void PyTorch_and_Keras_spellings_resolve(string name, string key) => Assert.Equal(key, Catalogue.Catalogue.Get(name).Key);

    [Fact]
    public void Specs_set_parameters_and_print_canonically()
    {
        var a = Catalogue.Catalogue.Resolve("LeakyReLU:negative_slope=0.1");
        Assert.Equal(0.1f, a.Evaluate(1f) - a.Evaluate(0f) - 0.9f, 1e-6f);
        Assert.Equal("leaky-relu:negative-slope=0.1", a.Spec);
        Assert.Equal("gelu:approximate=tanh", Catalogue.Catalogue.Resolve("gelu:approximate=TANH").Spec);
        Assert.Equal("gelu", Catalogue.Catalogue.Resolve("gelu:approximate=none").Spec);
        Assert.Equal("softplus:beta=2,threshold=10", Catalogue.Catalogue.Resolve("softplus:threshold=10,beta=2").Spec);
        Assert.Equal(-0.2f, Catalogue.Catalogue.Resolve("leaky-relu:negative-slope=0.1").Evaluate(-2f), 1e-7f);
    }

    [Theory]
    [InlineData("relu7", "Unknown activation 'relu7'. Did you mean 'relu")]
    [InlineData("sigmod", "Did you mean 'sigmoid'?")]
    [InlineData("zzz", "Valid names: binary-step, sign, sigmoid")]
    [InlineData("leaky-relu:slope=0.1", "'leaky-relu' has no parameter 'slope'. Its parameters: negative-slope (default 0.01).")]
    [InlineData("relu:alpha=1", "'relu' takes no parameters.")]
    [InlineData("elu:alpha=abc", "'alpha' of 'elu' must be a finite number; got 'abc'.")]
    [InlineData("elu:alpha=nan", "must be a finite number")]
    [InlineData("softshrink:lambd=-1", "'lambd' of 'softshrink' must be ≥ 0; got -1.")]
    [InlineData("rrelu:lower=0.5,upper=0.1", "'rrelu' needs lower ≤ upper; got lower=0.5, upper=0.1.")]
    [InlineData("gelu:approximate=fast", "'approximate' of 'gelu' must be one of none, tanh; got 'fast'.")]
    [InlineData("threshold", "'threshold' needs a value for 'threshold' (PyTorch gives it no default).")]
    [InlineData("threshold:threshold=1", "'threshold' needs a value for 'value'")]
    [InlineData("hardtanh:min-val=2,max-val=1", "min-val < max-val")]
    [InlineData("celu:alpha=0", "must not be 0")]
    [InlineData("softmax:dim=1.5", "must be a whole number")]
    [InlineData("prelu:num-parameters=0", "must be a whole number ≥ 1")]
    [InlineData("elu:alpha", "'alpha' is not key=value")]
    [InlineData("", "empty")]
    public void Bad_specs_say_what_is_wrong_and_what_is_valid(string spec, string expected)
    {
        var ex = Assert.Throws<SpecException>(() => Catalogue.Catalogue.Resolve(spec));
        Assert.Contains(expected, ex.Message);
    }

    public static TheoryData<string> ElementwiseDefaults() =>
        [.. Catalogue.Catalogue.All.Where(e => e.Kind == ActivationKind.Elementwise && e.Parameters.All(p => p.Default is not null)).Select(e => e.Key)];

    [Theory, MemberData(nameof(ElementwiseDefaults))]
    public void Metadata_agrees_with_the_kernel(string key)
    {
        var e = Catalogue.Catalogue.Get(key);
        var act = Catalogue.Catalogue.Resolve(key);
        var xs = Enumerable.Range(-40000, 80001).Select(i => i * 0.0005f).ToArray(); // [−20, 20] step 5e-4
        var y = new float[xs.Length];
        var d = new float[xs.Length];
        act.Forward(xs, y);
        act.Backward(xs, y, Enumerable.Repeat(1f, xs.Length).ToArray(), d);
        Assert.True(y.Min() >= e.RangeMin - 1e-6 && y.Max() <= e.RangeMax + 1e-6, $"{key}: outputs [{y.Min()}, {y.Max()}] leave the stated range {e.Range}.");
        if (e.Monotonic)
            for (int i = 1; i < y.Length; i++) Assert.True(y[i] >= y[i - 1], $"{key} is listed monotonic but f({xs[i]}) < f({xs[i - 1]}).");
        else
            Assert.Contains(Enumerable.Range(1, y.Length - 1), i => y[i] < y[i - 1]);
        double maxSlope = d.Max(v => Math.Abs(v));
        Assert.True(maxSlope <= e.MaxSlope * (1 + 1e-6), $"{key}: |f′| reaches {maxSlope} above the stated maximum {e.MaxSlope}.");
        if (!e.MaxSlopeAt.Contains('→') && double.IsFinite(e.MaxSlope))
            Assert.True(maxSlope >= e.MaxSlope * 0.999, $"{key}: the stated maximum slope {e.MaxSlope} ({e.MaxSlopeAt}) is never reached; the kernel's is {maxSlope}.");
        if (e.ZeroCentred) Assert.Equal(0f, act.Evaluate(0f));
    }
}
