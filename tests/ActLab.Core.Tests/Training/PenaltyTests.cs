using ActLab.Core.Model;
using ActLab.Core.Training;

namespace ActLab.Core.Tests.Training;

public class PenaltyTests
{
    private static (Parameter W, Parameter B, Parameter Slope) Parameters()
    {
        var w = new Parameter("weight", [2, 2], [0.5f, -2f, 0f, 3f]);
        var b = new Parameter("bias", [2], [1f, -1f]);
        var slope = new Parameter("slope", [1, 1], [0.25f]) { Decay = false };
        foreach (var p in new[] { w, b, slope }) Array.Fill(p.Grad, 0.125f);
        return (w, b, slope);
    }

    [Fact]
    public void L2_adds_rate_times_the_weight_to_the_gradient_of_weights_only()
    {
        var (w, b, slope) = Parameters();
        new Penalty(PenaltyKind.L2, 0.1).AddGradient([w, b, slope]);
        Assert.Equal([0.125f + 0.1f * 0.5f, 0.125f + 0.1f * -2f, 0.125f, 0.125f + 0.1f * 3f], w.Grad);
        Assert.Equal([0.125f, 0.125f], b.Grad);   // biases are not penalised (as the TensorFlow Playground does)
        Assert.Equal([0.125f], slope.Grad);       // nor parameters without decay (a PReLU slope)
    }

    [Fact]
    public void L1_adds_rate_times_the_sign_and_nothing_at_zero()
    {
        var (w, b, _) = Parameters();
        new Penalty(PenaltyKind.L1, 0.5).AddGradient([w, b]);
        Assert.Equal([0.625f, -0.375f, 0.125f, 0.625f], w.Grad);
        Assert.Equal([0.125f, 0.125f], b.Grad);
    }

    [Fact]
    public void No_penalty_or_a_zero_rate_changes_nothing()
    {
        var (w, _, _) = Parameters();
        new Penalty(PenaltyKind.None, 1).AddGradient([w]);
        new Penalty(PenaltyKind.L2, 0).AddGradient([w]);
        Assert.All(w.Grad, g => Assert.Equal(0.125f, g));
    }

    [Fact]
    public void The_trainer_applies_it_before_each_step_and_a_training_step_still_allocates_nothing()
    {
        // Plain SGD with lr 1 on a zero loss gradient would leave w alone; the L2 penalty shrinks it by (1 − lr·rate) a step.
        var model = new Sequential(new Linear(1, 1, 7));
        var w0 = model.Parameters[0].Value[0];
        var trainer = new Trainer(model, new MseLoss(), new Sgd(model.Parameters, lr: 0.5)) { Penalty = new Penalty(PenaltyKind.L2, 0.1) };
        // Targets equal to the model's own outputs: the data gradient is exactly zero.
        var x = new float[][] { [1f], [2f] };
        var y = new float[] { w0 * 1 + model.Parameters[1].Value[0], w0 * 2 + model.Parameters[1].Value[0] };
        var loader = new ActLab.Core.Data.DataLoader(x, y, [0, 1], 2, shuffle: false, dropLast: false, seed: 1);
        trainer.RunEpoch(1, loader, null);
        Assert.Equal(w0 * (1 - 0.5f * 0.1f), model.Parameters[0].Value[0], 6);
        trainer.RunEpoch(2, loader, null);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int e = 3; e < 13; e++) trainer.RunEpoch(e, loader, null);
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 10 * 200, "a step with a penalty allocates (beyond the per-epoch result)");
    }
}
