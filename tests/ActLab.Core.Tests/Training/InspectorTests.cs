using ActLab.Core.Analysis;
using ActLab.Core.Model;
using ActLab.Core.Tensors;
using ActLab.Core.Training;
using ActLab.Kernels.Random;

namespace ActLab.Core.Tests.Training;

/// <summary>The known results of issue 5 at small scale: vanishing gradients in sigmoid nets, not in ReLU nets with He init; dead units.</summary>
public class InspectorTests
{
    private static (Tensor X, Tensor Y) Data(int n, ulong seed)
    {
        var t = Core.Data.PlaygroundGenerators.Generate("spiral", n, 0.1, seed);
        var x = new Tensor(n, 2);
        var y = new Tensor(n, 1);
        for (int i = 0; i < n; i++) { x[i, 0] = (float)t.Rows[i][0]; x[i, 1] = (float)t.Rows[i][1]; y.Data[i] = t.Labels[i]; }
        return (x, y);
    }

    private static IReadOnlyList<LayerStats> At(string spec, Initializer init, ulong seed)
    {
        var model = ModelDefinition.Parse(spec).Build(seed, init);
        var (x, y) = Data(400, 1);
        return LayerInspector.Inspect(model, new BceLoss(), x, y, 1e-3);
    }

    [Fact]
    public void A_sigmoid_net_at_init_loses_gradient_toward_the_input_and_relu_with_he_init_does_not()
    {
        const string sigmoid = "linear(2,30) sigmoid linear(30,30) sigmoid linear(30,30) sigmoid linear(30,1) sigmoid";
        const string relu = "linear(2,30) relu linear(30,30) relu linear(30,30) relu linear(30,1) sigmoid";
        for (ulong seed = 0; seed < 3; seed++)
        {
            var s = At(sigmoid, Initializer.PyTorch, seed);
            Assert.Equal(4, s.Count);
            Assert.True(s[^1].IsOutput);
            var hidden = s.Where(l => !l.IsOutput).ToList();
            for (int i = 1; i < hidden.Count; i++)
                Assert.True(hidden[i - 1].BiasGradNorm < hidden[i].BiasGradNorm / 2, $"seed {seed}: ‖δ‖ should shrink toward the input: {hidden[i - 1].BiasGradNorm} vs {hidden[i].BiasGradNorm}");
            Assert.True(LayerInspector.GradientProfile(s) < 0.1, $"seed {seed}: sigmoid profile {LayerInspector.GradientProfile(s)}");
            double r = LayerInspector.GradientProfile(At(relu, Initializer.KaimingNormal, seed));
            Assert.InRange(r, 0.1, 10); // within an order of magnitude
        }
    }

    [Fact]
    public void Dead_units_and_statistics_are_counted()
    {
        var model = ModelDefinition.Parse("linear(2,4) relu linear(4,1) sigmoid").Build(1);
        var first = (Linear)model.Layers[0];
        first.Bias.Value[0] = -1000; // unit 0 never fires
        first.Bias.Value[1] = -1000; // nor unit 1
        var (x, y) = Data(100, 2);
        var s = LayerInspector.Inspect(model, new BceLoss(), x, y, 1e-3);
        Assert.Equal(0.5, s[0].DeadFraction);
        Assert.True(s[0].SaturatedFraction >= 0.5);
        Assert.Equal(4, s[0].Units);
        Assert.InRange(s[0].ActMean, 0, double.MaxValue);
    }
}
