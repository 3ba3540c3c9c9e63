using ActLab.Core.Data;
using ActLab.Core.Model;
using ActLab.Core.Training;

namespace ActLab.Core.Tests.Training;

/// <summary>The one training loop: divergence, early stopping, cancellation and events.</summary>
public class FitTests
{
    private static (DataLoader Train, DataLoader Val) Spiral(int seed, bool column = true)
    {
        var t = PlaygroundGenerators.Generate("spiral", 500, 0.1, 1);
        var f = t.Rows.Select(r => r.Select(v => (float)v).ToArray()).ToArray();
        var y = t.Labels.Select(l => (float)l).ToArray();
        var parts = Split.Random(t.Count, Split.Sizes(t.Count, [0.8, 0.2, 0]), (ulong)seed);
        return (new DataLoader(f, y, parts[0], 32, true, false, 1, column), new DataLoader(f, y, parts[1], 32, false, false, 0, column));
    }

    [Fact]
    public void Nan_through_the_default_bce_loss_is_divergence_rolled_back_to_the_last_good_weights()
    {
        // The case: exponential hidden units at lr 0.05 blow up; the sigmoid output becomes NaN and BCELoss
        // rejects it before the loss is ever NaN.
        var (train, val) = Spiral(0);
        var model = ModelDefinition.Parse("linear(2,16) exponential linear(16,16) exponential linear(16,1) sigmoid").Build(0);
        var trainer = new Trainer(model, new BceLoss(), new Adam(model.Parameters, 0.05));
        var fit = trainer.Fit(train, val, new FitOptions { Epochs = 100 });
        Assert.Equal(RunStatus.Diverged, fit.Status);
        Assert.Contains("BCELoss", fit.Message);
        Assert.True(fit.History.Count < 100);
        Assert.All(model.Parameters, p => Assert.All(p.Value, v => Assert.True(float.IsFinite(v))));
        // The weights are those after the last completed epoch: evaluating them again gives that epoch's numbers.
        var (vl, _) = trainer.Evaluate(val);
        Assert.Equal(fit.History[^1].ValidationLoss, vl, 1e-9);
    }

    [Fact]
    public void Early_stopping_keeps_the_best_weights_by_validation_loss()
    {
        var (train, val) = Spiral(1);
        var model = ModelDefinition.Parse("linear(2,64) relu linear(64,64) relu linear(64,1)").Build(1);
        var trainer = new Trainer(model, new BceWithLogitsLoss(), new Adam(model.Parameters, 0.05));
        var fit = trainer.Fit(train, val, new FitOptions { Epochs = 400, Patience = 5 });
        Assert.Equal(RunStatus.StoppedEarly, fit.Status);
        Assert.Equal(fit.BestEpoch + 5, fit.History.Count);
        double best = fit.History.Min(h => h.ValidationLoss);
        Assert.Equal(best, fit.History[fit.BestEpoch - 1].ValidationLoss);
        Assert.Equal(best, trainer.Evaluate(val).Loss, 1e-9);
    }

    [Fact]
    public void Cancellation_stops_after_the_current_step_and_keeps_the_weights()
    {
        var (train, val) = Spiral(2);
        var model = ModelDefinition.Parse("linear(2,8) tanh linear(8,1)").Build(2);
        var trainer = new Trainer(model, new BceWithLogitsLoss(), new Adam(model.Parameters, 0.01));
        using var cts = new CancellationTokenSource();
        var observer = new CancelAfter(cts, steps: 30);
        var fit = trainer.Fit(train, val, new FitOptions { Epochs = 1000 }, observer, cts.Token);
        Assert.Equal(RunStatus.Interrupted, fit.Status);
        Assert.Equal(30, fit.Steps);
        Assert.Equal(30 / train.BatchCount, fit.History.Count); // only completed epochs are recorded
        Assert.Equal(fit.History.Count, observer.Epochs);
    }

    [Fact]
    public void Patience_needs_a_validation_split_and_epochs_must_be_positive()
    {
        var (train, _) = Spiral(3);
        var model = ModelDefinition.Parse("linear(2,4) relu linear(4,1)").Build(0);
        var trainer = new Trainer(model, new BceWithLogitsLoss(), new Adam(model.Parameters));
        Assert.Equal("patience", Assert.Throws<ActLab.Kernels.InputException>(() => trainer.Fit(train, null, new FitOptions { Epochs = 3, Patience = 2 })).Parameter);
        Assert.Equal("epochs", Assert.Throws<ActLab.Kernels.InputException>(() => trainer.Fit(train, null, new FitOptions { Epochs = 0 })).Parameter);
    }

    [Fact]
    public void Training_accuracy_is_reported_beside_the_loss()
    {
        var (train, val) = Spiral(4);
        var model = ModelDefinition.Parse("linear(2,32) relu linear(32,1)").Build(4);
        var fit = new Trainer(model, new BceWithLogitsLoss(), new Adam(model.Parameters, 0.01)).Fit(train, val, new FitOptions { Epochs = 30 });
        Assert.All(fit.History, h => Assert.InRange(h.TrainAccuracy, 0, 1));
        Assert.True(fit.History[^1].TrainAccuracy > fit.History[0].TrainAccuracy);
    }

    private sealed class CancelAfter(CancellationTokenSource cts, int steps) : ITrainingObserver
    {
        public int Epochs { get; private set; }
        public void OnStep(in StepProgress progress)
        {
            if (progress.TotalSteps == steps) cts.Cancel();
        }
        public void OnEpoch(EpochResult epoch) => Epochs++;
    }

    [Fact]
    public void A_layer_of_the_users_own_trains_in_the_loop()
    {
        var (train, val) = Spiral(5);
        var model = new Sequential(new Linear(2, 16, seed: 5), new Scale(2f), Activations.Tanh(), new Linear(16, 1, seed: 6));
        var fit = new Trainer(model, new BceWithLogitsLoss(), new Adam(model.Parameters, 0.01)).Fit(train, val, new FitOptions { Epochs = 20 });
        Assert.Equal(RunStatus.Completed, fit.Status);
        Assert.True(fit.History[^1].ValidationAccuracy > fit.History[0].ValidationAccuracy - 0.05);
        Assert.InRange(fit.History[^1].TrainAccuracy, 0, 1);
    }

    // y = k·x: a layer ActLab's spec grammar does not know.
    private sealed class Scale(float k) : ILayer
    {
        private ActLab.Core.Tensors.Tensor? _y, _dx;
        public IReadOnlyList<Parameter> Parameters => [];
        public string Describe() => $"my-scale[{k}]";
        public ActLab.Core.Tensors.Tensor Forward(ActLab.Core.Tensors.Tensor x, bool training)
        {
            _y = ActLab.Core.Tensors.Tensor.Reuse(_y, x.Shape);
            for (int i = 0; i < x.Length; i++) _y.Data[i] = k * x.Data[i];
            return _y;
        }
        public ActLab.Core.Tensors.Tensor Backward(ActLab.Core.Tensors.Tensor dy)
        {
            _dx = ActLab.Core.Tensors.Tensor.Reuse(_dx, dy.Shape);
            for (int i = 0; i < dy.Length; i++) _dx.Data[i] = k * dy.Data[i];
            return _dx;
        }
    }
}
