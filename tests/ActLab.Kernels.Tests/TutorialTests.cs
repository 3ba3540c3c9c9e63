using ActLab.Kernels.Softmax;

namespace ActLab.Kernels.Tests;

/// <summary>The numbers the tutorials (shared/seeds) print, reproduced.</summary>
public class TutorialTests
{
    private const float FourDecimals = 5e-5f;
    private static float[] Apply(string spec, params float[] x)
    {
        var y = new float[x.Length];
        Catalogue.Catalogue.Resolve(spec).Forward(x, y);
        return y;
    }

    [Fact]
    public void Sigmoid_of_minus_one_zero_one()
    {
        var y = Apply("sigmoid", -1, 0, 1);
        Assert.Equal(0.2689f, y[0], FourDecimals);
        Assert.Equal(0.5f, y[1]);
        Assert.Equal(0.7311f, y[2], FourDecimals);
    }

    [Fact]
    public void Tanh_of_minus_one_zero_one()
    {
        var y = Apply("tanh", -1, 0, 1);
        Assert.Equal(-0.7616f, y[0], FourDecimals);
        Assert.Equal(0f, y[1]);
        Assert.Equal(0.7616f, y[2], FourDecimals);
    }

    [Fact]
    public void Relu_of_the_two_by_three_tensor() =>
        Assert.Equal([0, 2, 0, 4, 0, 6], Apply("relu", -1, 2, -3, 4, -5, 6));

    [Fact]
    public void Softmax_of_two_one_and_a_tenth()
    {
        var y = Apply("softmax", 2f, 1f, 0.1f);
        Assert.Equal(0.6590f, y[0], FourDecimals);
        Assert.Equal(0.2424f, y[1], FourDecimals);
        Assert.Equal(0.0986f, y[2], FourDecimals);
    }

    [Fact]
    public void Softmax_over_arange_minus_five_to_five_sums_to_one()
    {
        var x = Enumerable.Range(0, 100).Select(i => (float)(-5 + 0.1 * i)).ToArray();
        var y = new float[100];
        SoftmaxKernels.Softmax(x, y);
        Assert.Equal(1.0, y.Sum(v => (double)v), 1e-6);
        Assert.True(y.Zip(y.Skip(1)).All(p => p.First < p.Second), "softmax must preserve order");
    }

    [Fact]
    public void Sigmoid_maximum_slope_is_a_quarter_at_zero()
    {
        var act = Catalogue.Catalogue.Resolve("sigmoid");
        Assert.Equal(0.25f, act.Derivative(0f));
        for (float x = -10; x <= 10; x += 0.01f) Assert.True(act.Derivative(x) <= 0.25f, $"σ'({x}) > 0.25");
    }

    [Fact]
    public void Step_function_is_zero_then_one_as_numpy_x_greater_than_zero() =>
        Assert.Equal([0, 0, 1], Apply("binary-step", -1, 0, 1));

    [Fact]
    public void Seed_001_leaky_relu_with_slope_a_tenth() =>
        Assert.Equal([-0.2f, 0f, 3f], Apply("leaky-relu:negative-slope=0.1", -2, 0, 3));
}
