using System.Text.Json;
using static ActLab.Cli.Tests.CliRunner;

namespace ActLab.Cli.Tests;

public class ListAndDescribeTests
{
    [Fact]
    public void List_shows_every_function_with_its_properties()
    {
        var r = Run("list");
        Assert.Equal(0, r.ExitCode);
        foreach (var e in ActLab.Kernels.Catalogue.Catalogue.All) Assert.Contains($"│ {e.Key} ", r.Out);
        Assert.Contains("zero-centred", r.Out);
        Assert.Contains($"{ActLab.Kernels.Catalogue.Catalogue.All.Count} functions", r.Out);
    }

    [Fact]
    public void List_json_is_the_whole_catalogue()
    {
        using var doc = JsonDocument.Parse(Run("list", "--json").Out);
        var items = doc.RootElement.EnumerateArray().ToList();
        Assert.Equal(ActLab.Kernels.Catalogue.Catalogue.All.Count, items.Count);
        var sigmoid = items.Single(i => i.GetProperty("key").GetString() == "sigmoid");
        Assert.Equal(0.25, sigmoid.GetProperty("maxSlope").GetDouble());
        Assert.False(sigmoid.GetProperty("zeroCentred").GetBoolean());
        Assert.Contains("binary output", sigmoid.GetProperty("uses").EnumerateArray().Select(u => u.GetString()));
    }

    [Fact]
    public void List_origin_filters_to_the_tutorial_functions()
    {
        using var doc = JsonDocument.Parse(Run("list", "--origin", "tutorial", "--json").Out);
        Assert.Equal(["binary-step", "sign", "sigmoid", "tanh", "relu", "leaky-relu", "prelu", "elu", "gelu", "softmax"],
            doc.RootElement.EnumerateArray().Select(i => i.GetProperty("key").GetString()));
    }

    [Fact]
    public void Describe_tells_formula_derivative_saturation_and_sketches_both_curves()
    {
        var r = Run("describe", "sigmoid");
        Assert.Equal(0, r.ExitCode);
        Assert.Contains("σ(x) = 1 / (1 + e^(−x))", r.Out);
        Assert.Contains("0.25 (x = 0)", r.Out);
        Assert.Contains("f(x) = 1 for x ≥ 17.3", r.Out);
        Assert.Contains("nn.Sigmoid()", r.Out);
        Assert.Contains("f(x) = sigmoid(x)", r.Out);
        Assert.Contains("f'(x)", r.Out);
        Assert.True(r.Out.Count(c => c == '•') > 100, "the sketch should draw both curves");
    }

    [Fact]
    public void Describe_shows_parameter_values_of_the_spec()
    {
        var r = Run("describe", "leaky-relu:negative-slope=0.1");
        Assert.Contains("negative-slope", r.Out);
        Assert.Contains("0.01", r.Out);
        Assert.Contains("0.1", r.Out);
        using var doc = JsonDocument.Parse(Run("describe", "gelu:approximate=tanh", "--json").Out);
        Assert.Equal("gelu:approximate=tanh", doc.RootElement.GetProperty("spec").GetString());
        Assert.Equal("tanh", doc.RootElement.GetProperty("values").GetProperty("approximate").GetString());
    }

    [Theory]
    [InlineData("list")]
    [InlineData("describe")]
    [InlineData("eval")]
    public void Every_command_has_help_with_examples(string command)
    {
        var r = Run(command, "--help");
        Assert.Equal(0, r.ExitCode);
        Assert.Contains("Examples:", r.Out);
        Assert.Contains($"actlab {command}", r.Out);
    }

    [Fact]
    public void No_arguments_prints_the_overview()
    {
        var r = Run();
        Assert.Equal(0, r.ExitCode);
        Assert.Contains("describe", r.Out);
        Assert.Contains("eval", r.Out);
    }
}
