using ActLab.Core.Model;
using ActLab.Kernels;

namespace ActLab.Core.Tests.Model;

/// <summary>One strict grammar, parsed once into a typed definition whose canonical form is what runs record.</summary>
public class ModelDefinitionTests
{
    [Theory]
    [InlineData("linear(2,8) 123 ,, relu linear(8,1) sigmoid", "'123' is not a layer")]
    [InlineData("linear(2,8) relu ,, linear(8,1)", "',,' is not a layer")]
    [InlineData("linear(2,8) leaky-relu: negative-slope=0.1 linear(8,1)", "nothing follows ':'")]
    [InlineData("linear(2, 8) relu linear(8,1)", "'linear(2,' is not linear(in,out)")]
    [InlineData("linear(2,8) relu linear(9,1)", "'linear(9,1)' takes 9 inputs but the layer before gives 8")]
    [InlineData("linear(2,8) relu:alpha=1 linear(8,1)", "'relu' has no parameter 'alpha'")]
    [InlineData("linear(2,8) leaky-relu:negative-slope=1e39 linear(8,1)", "beyond float32's range")]
    [InlineData("linear(2,8) elu:alpha=1e39 linear(8,1)", "beyond float32's range")]
    [InlineData("linear(2,8) celu:alpha=1e-46 linear(8,1)", "rounds to 0 in float32")]
    [InlineData("linear(2,8) squareplus:b=1e39 linear(8,1)", "beyond float32's range")]
    [InlineData("linear(2,8) dropout(1) linear(8,1)", "'dropout(1)' is not dropout(p) with p in [0, 1)")]
    [InlineData("relu", "no linear(in,out) layer")]
    [InlineData("", "empty")]
    [InlineData("linear(2,200000000) sigmoid", "over the limit")]
    [InlineData("linear(2147483647,2147483647) sigmoid", "over the limit")]
    public void Bad_specs_are_refused_naming_the_token(string spec, string message)
    {
        var e = Assert.Throws<ModelSpecException>(() => ModelDefinition.Parse(spec));
        Assert.Contains(message, e.Message);
        Assert.Equal("model", e.Parameter);
    }

    [Fact]
    public void An_activation_that_changes_the_width_is_followed_through_the_spec()
    {
        Assert.Equal(4, ((LinearDefinition)ModelDefinition.Parse("linear(3,8) glu linear(4,2)").Layers[2]).In);
        Assert.Contains("takes 8 inputs but the layer before gives 4", Assert.Throws<ModelSpecException>(() => ModelDefinition.Parse("linear(3,8) glu linear(8,2)")).Message);
        Assert.Contains("size 7 is odd", Assert.Throws<ModelSpecException>(() => ModelDefinition.Parse("linear(3,7) glu linear(3,2)")).Message);
        Assert.Contains("would change the number of rows", Assert.Throws<ModelSpecException>(() => ModelDefinition.Parse("linear(3,8) glu:dim=0 linear(8,2)")).Message);
    }

    [Fact]
    public void The_canonical_form_is_what_a_model_describes_and_parses_back_to_itself()
    {
        var d = ModelDefinition.Parse("linear(2,16)   LeakyReLU:negative_slope=0.1\tdropout(0.25) linear(16,1) Sigmoid");
        Assert.Equal("linear(2,16) leaky-relu:negative-slope=0.1 dropout(0.25) linear(16,1) sigmoid", d.Canonical);
        Assert.Equal(d.Canonical, ModelDefinition.Parse(d.Canonical).Canonical);
        Assert.Equal(d.Canonical, d.Build(3).Describe());
        Assert.Equal(2 * 16 + 16 + 16 + 1, d.ParameterCount);
        Assert.Equal((2, 1), (d.Inputs, d.Outputs));
    }

    [Theory]
    [InlineData("linear(2,4) relu linear(4,1)", OutputKind.Logits)]
    [InlineData("linear(2,4) relu linear(4,1) sigmoid", OutputKind.Probabilities)]
    [InlineData("linear(2,4) relu linear(4,1) sigmoid dropout(0.1)", OutputKind.Probabilities)]
    [InlineData("linear(2,4) relu linear(4,3) softmax", OutputKind.Probabilities)]
    [InlineData("linear(2,4) relu linear(4,3) softmax:dim=0", OutputKind.Values)]
    [InlineData("linear(2,4) relu linear(4,3) log-softmax", OutputKind.LogProbabilities)]
    [InlineData("linear(2,4) relu linear(4,1) log-sigmoid", OutputKind.LogProbabilities)]
    [InlineData("linear(2,4) relu linear(4,1) tanh", OutputKind.Values)]
    [InlineData("linear(2,4) relu linear(4,1) hard-sigmoid", OutputKind.Values)]
    public void What_a_model_outputs_is_read_from_its_last_layer_not_a_name_suffix(string spec, OutputKind expected) =>
        Assert.Equal(expected, ModelDefinition.Parse(spec).Output);

    [Fact]
    public void Building_twice_from_one_seed_gives_the_same_weights_and_a_typed_model_matches_the_spec()
    {
        var d = ModelDefinition.Parse("linear(2,8) prelu linear(8,1)");
        var a = d.Build(7, Initializer.KaimingNormal);
        var b = d.Build(7, Initializer.KaimingNormal);
        Assert.Equal(a.Parameters.Select(p => p.Value), b.Parameters.Select(p => p.Value));
        var typed = new Sequential(new Linear(2, 8, seed: 7, Initializer.KaimingNormal), Activations.Prelu(), new Linear(8, 1, seed: 7)).Initialize(Initializer.KaimingNormal, 7);
        Assert.Equal(d.Canonical, typed.Describe());
        Assert.Equal(a.Parameters.Select(p => p.Value), typed.Parameters.Select(p => p.Value));
    }

    [Fact]
    public void Factories_use_pytorchs_names_and_defaults()
    {
        Assert.Equal("leaky-relu", Activations.LeakyRelu().Describe());
        Assert.Equal("leaky-relu:negative-slope=0.1", Activations.LeakyRelu(negativeSlope: 0.1).Describe());
        Assert.Equal("gelu:approximate=tanh", Activations.Gelu(GeluApproximation.Tanh).Describe());
        Assert.Equal("softplus:beta=2", Activations.Softplus(beta: 2).Describe());
        Assert.Equal("rrelu:mode=train", Activations.Rrelu(mode: RreluMode.Train).Describe());
        Assert.ThrowsAny<InputException>(() => Activations.Elu(alpha: 1e39));
    }
}
