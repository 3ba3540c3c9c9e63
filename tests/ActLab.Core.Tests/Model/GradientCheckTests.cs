using ActLab.Core.Model;
using ActLab.Core.Tensors;
using ActLab.Core.Training;
using ActLab.Kernels.Catalogue;
using ActLab.Kernels.Random;

namespace ActLab.Core.Tests.Model;

/// <summary>Every layer's and loss's backward against central differences of its forward, evaluated in double.</summary>
public class GradientCheckTests
{
    private const double Tolerance = 2e-3; // relative; float32 forward with h = 1e-2 on O(1) values

    private static Tensor Random(int rows, int cols, ulong seed, double scale = 1)
    {
        var rng = new Pcg32(seed);
        var t = new Tensor(rows, cols);
        for (int i = 0; i < t.Length; i++) t.Data[i] = (float)((rng.NextDouble() * 2 - 1) * scale);
        return t;
    }

    // L = Σ c ⊙ layer(x): its gradient with respect to x and to each parameter is what backward must return for dy = c.
    private static void Check(ILayer layer, Tensor x, string what)
    {
        var y = layer.Forward(x, training: false);
        var c = Random(y.Rows, y.Cols, 99);
        var dx = layer.Backward(c);
        var dxCopy = (float[])dx.Data.Clone();
        var grads = layer.Parameters.Select(p => (float[])p.Grad.Clone()).ToArray();
        double L() { var o = layer.Forward(x, false); double s = 0; for (int i = 0; i < o.Length; i++) s += (double)c.Data[i] * o.Data[i]; return s; }
        void Probe(float[] arr, int i, double analytic, string name)
        {
            float keep = arr[i];
            double h = 1e-2;
            arr[i] = (float)(keep + h); double up = L();
            arr[i] = (float)(keep - h); double down = L();
            arr[i] = keep;
            double numeric = (up - down) / (2 * h);
            Assert.True(Math.Abs(numeric - analytic) <= Tolerance * Math.Max(1, Math.Abs(numeric)), $"{what}: {name} analytic {analytic:G6}, numeric {numeric:G6}");
        }
        for (int i = 0; i < x.Length; i++) Probe(x.Data, i, dxCopy[i], $"dx[{i}]");
        for (int k = 0; k < layer.Parameters.Count; k++)
            for (int i = 0; i < layer.Parameters[k].Value.Length; i++) Probe(layer.Parameters[k].Value, i, grads[k][i], $"{layer.Parameters[k].Name}[{i}]");
    }

    [Fact]
    public void Linear()
    {
        var rng = new Pcg32(1);
        Check(new Linear(4, 3, ref rng), Random(5, 4, 2), "linear(4,3)");
    }

    [Theory]
    [InlineData("sigmoid")]
    [InlineData("tanh")]
    [InlineData("gelu")]
    [InlineData("elu:alpha=0.5")]
    [InlineData("softplus")]
    [InlineData("softmax")]
    [InlineData("log-softmax")]
    [InlineData("prelu:num-parameters=3,init=0.2")]
    public void Activation_layers(string spec) => Check(new ActivationLayer(Catalogue.Resolve(spec)), Random(4, 3, 3, 2), spec);

    [Fact]
    public void A_whole_model()
    {
        var rng = new Pcg32(4);
        var model = new Sequential([new Linear(3, 5, ref rng), new ActivationLayer(Catalogue.Resolve("tanh")), new Linear(5, 2, ref rng)]);
        Assert.Equal(["0.weight", "0.bias", "2.weight", "2.bias"], model.Parameters.Select(p => p.Name));
        ((Linear)model.Layers[0]).ComputeInputGradient = true; // the check probes dx too
        Check(model, Random(6, 3, 5), "linear tanh linear");
    }

    public static TheoryData<string> LossNames() => ["bce", "bce-logits", "mse", "l1", "cross-entropy", "cross-entropy-smooth"];

    [Theory, MemberData(nameof(LossNames))]
    public void Losses(string name)
    {
        var x = Random(4, 3, 6, 1.5);
        Tensor target;
        Loss loss;
        switch (name)
        {
            case "bce":
                for (int i = 0; i < x.Length; i++) x.Data[i] = 0.2f + 0.6f * (x.Data[i] + 1.5f) / 3f;
                target = new Tensor([0, 1, 1, 0, 0, 1, 1, 1, 0, 0, 1, 0], 4, 3); loss = new BceLoss(); break;
            case "bce-logits": target = new Tensor([0, 1, 1, 0, 0, 1, 1, 1, 0, 0, 1, 0], 4, 3); loss = new BceWithLogitsLoss([2f, 1f, 0.5f]); break;
            case "mse": target = Random(4, 3, 7); loss = new MseLoss(); break;
            case "l1": target = Random(4, 3, 7); loss = new L1Loss(); break;
            case "cross-entropy": target = new Tensor([2, 0, 1, 1], 4); loss = new CrossEntropyLoss([0.5f, 1f, 2f]); break;
            default: target = new Tensor([2, 0, 1, 1], 4); loss = new CrossEntropyLoss(null, -100, 0.2f); break;
        }
        loss.Forward(x, target);
        var g = (float[])loss.Backward().Data.Clone();
        for (int i = 0; i < x.Length; i++)
        {
            float keep = x.Data[i];
            double h = 1e-3;
            x.Data[i] = (float)(keep + h); double up = loss.Forward(x, target);
            x.Data[i] = (float)(keep - h); double down = loss.Forward(x, target);
            x.Data[i] = keep;
            double numeric = (up - down) / (2 * h);
            Assert.True(Math.Abs(numeric - g[i]) <= 5e-3 * Math.Max(1, Math.Abs(numeric)), $"{name}: grad[{i}] analytic {g[i]:G6}, numeric {numeric:G6}");
        }
    }
}
