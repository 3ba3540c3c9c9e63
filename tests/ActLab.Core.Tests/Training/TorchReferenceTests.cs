using System.Text.Json;
using ActLab.Core.Model;
using ActLab.Core.Tensors;
using ActLab.Core.Training;

namespace ActLab.Core.Tests.Training;

/// <summary>Losses and optimizers against values PyTorch 1.13 computed (tools/reference/torch_reference.py).</summary>
public class TorchReferenceTests
{
    private const double LossTolerance = 2e-6;      // relative: float32 per-element math vs our double accumulation
    private const double TrajectoryTolerance = 1e-6; // relative, after five float32 optimizer steps

    private static readonly JsonElement Reference =
        JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Golden", "torch_reference.json"))).RootElement;

    private static float[] Floats(JsonElement e) => [.. e.EnumerateArray().Select(v => v.GetSingle())];
    private static int[] Ints(JsonElement e) => [.. e.EnumerateArray().Select(v => v.GetInt32())];

    public static TheoryData<string> LossNames() => [.. Reference.GetProperty("losses").EnumerateArray().Select(c => c.GetProperty("name").GetString()!)];
    public static TheoryData<string> OptimizerNames() => [.. Reference.GetProperty("optimizers").EnumerateArray().Select(c => c.GetProperty("name").GetString()!)];

    private static Loss MakeLoss(JsonElement c)
    {
        string name = c.GetProperty("name").GetString()!;
        float[]? weight = c.TryGetProperty("weight", out var w) ? Floats(w) : null;
        float smoothing = c.TryGetProperty("labelSmoothing", out var s) ? s.GetSingle() : 0f;
        int ignore = c.TryGetProperty("ignoreIndex", out var ig) ? ig.GetInt32() : -100;
        return name switch
        {
            "bce" or "bce-saturated" => new BceLoss(),
            "bce-sum" => new BceLoss(reduction: Reduction.Sum),
            "bce-logits" or "bce-logits-extreme" => new BceWithLogitsLoss(),
            "bce-logits-posweight" => new BceWithLogitsLoss(Floats(c.GetProperty("posWeight"))),
            "mse" => new MseLoss(),
            "l1" => new L1Loss(),
            _ when name.StartsWith("cross-entropy", StringComparison.Ordinal) => new CrossEntropyLoss(weight, ignore, smoothing),
            _ => throw new InvalidOperationException(name),
        };
    }

    private static void Close(double expected, double actual, double tol, string what) =>
        Assert.True(Math.Abs(expected - actual) <= tol * Math.Max(1, Math.Abs(expected)), $"{what}: PyTorch {expected:R}, ActLab {actual:R}");

    [Theory, MemberData(nameof(LossNames))]
    public void Loss_value_and_gradient_match_PyTorch(string name)
    {
        var c = Reference.GetProperty("losses").EnumerateArray().Single(e => e.GetProperty("name").GetString() == name);
        var input = new Tensor(Floats(c.GetProperty("input")), Ints(c.GetProperty("shape")));
        var target = new Tensor(Floats(c.GetProperty("target")), Ints(c.GetProperty("targetShape")));
        var loss = MakeLoss(c);
        float value = loss.Forward(input, target);
        Close(c.GetProperty("loss").GetDouble(), value, LossTolerance, $"{name} loss");
        var grad = Floats(c.GetProperty("grad"));
        var ours = loss.Backward().Data;
        for (int i = 0; i < grad.Length; i++) Close(grad[i], ours[i], LossTolerance, $"{name} grad[{i}]");
    }

    [Theory, MemberData(nameof(OptimizerNames))]
    public void Optimizer_trajectory_matches_PyTorch(string name)
    {
        var c = Reference.GetProperty("optimizers").EnumerateArray().Single(e => e.GetProperty("name").GetString() == name);
        var p = new Parameter("theta", [3], Floats(c.GetProperty("init")));
        IReadOnlyList<Parameter> ps = [p];
        Optimizer opt = name switch
        {
            "adam" => new Adam(ps, lr: 0.1),
            "adam-wd-amsgrad" => new Adam(ps, lr: 0.05, beta1: 0.8, beta2: 0.9, eps: 1e-6, weightDecay: 0.1, amsgrad: true),
            "adamw" => new Adam(ps, lr: 0.05, weightDecay: 0.1, decoupledWeightDecay: true),
            "sgd" => new Sgd(ps, lr: 0.1),
            "sgd-momentum-dampening-wd" => new Sgd(ps, lr: 0.1, momentum: 0.9, dampening: 0.1, weightDecay: 0.01),
            "sgd-nesterov" => new Sgd(ps, lr: 0.1, momentum: 0.9, nesterov: true),
            "rmsprop" => new RmsProp(ps, lr: 0.01, alpha: 0.9, weightDecay: 0.05),
            "adagrad" => new Adagrad(ps, lr: 0.1, weightDecay: 0.05),
            _ => throw new InvalidOperationException(name),
        };
        var grads = c.GetProperty("grads").EnumerateArray().Select(Floats).ToArray();
        var trajectory = c.GetProperty("trajectory").EnumerateArray().Select(Floats).ToArray();
        for (int step = 0; step < grads.Length; step++)
        {
            grads[step].CopyTo(p.Grad, 0);
            opt.Step();
            for (int i = 0; i < 3; i++) Close(trajectory[step][i], p.Value[i], TrajectoryTolerance, $"{name} step {step + 1} θ[{i}]");
        }
    }
}
