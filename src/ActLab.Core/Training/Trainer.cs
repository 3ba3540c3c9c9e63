using System.Diagnostics;
using ActLab.Core.Data;
using ActLab.Core.Model;
using ActLab.Core.Tensors;

namespace ActLab.Core.Training;

/// <summary>One epoch's numbers (NaN where there is nothing to measure: no validation split, or regression).</summary>
/// <param name="Epoch">1-based epoch.</param>
/// <param name="TrainLoss">Mean of the batch losses (the seed's cost / len(train_dataloader)).</param>
/// <param name="TrainAccuracy">Accuracy on the training batches as they were trained (training mode, as Keras reports it).</param>
/// <param name="ValidationLoss">Mean batch loss on the validation split.</param>
/// <param name="ValidationAccuracy">Accuracy on the validation split.</param>
public readonly record struct EpochResult(int Epoch, double TrainLoss, double TrainAccuracy, double ValidationLoss, double ValidationAccuracy);

/// <summary>Where training is within an epoch, reported after every step.</summary>
/// <param name="Epoch">1-based epoch.</param>
/// <param name="Step">1-based step within the epoch.</param>
/// <param name="StepsPerEpoch">Steps in an epoch.</param>
/// <param name="RunningLoss">Mean batch loss of the epoch so far.</param>
/// <param name="TotalSteps">Steps since <see cref="Trainer.Fit"/> started.</param>
/// <param name="Seconds">Seconds of training since Fit started (validation excluded, step observers included).</param>
public readonly record struct StepProgress(int Epoch, int Step, int StepsPerEpoch, double RunningLoss, long TotalSteps, double Seconds)
{
    /// <summary>Training steps per second so far.</summary>
    public double StepsPerSecond => Seconds > 0 ? TotalSteps / Seconds : double.NaN;
}

/// <summary>Receives training events (Keras-style callbacks). Both methods are optional; they run on the training thread.</summary>
public interface ITrainingObserver
{
    /// <summary>After every optimizer step. Keep it cheap: it runs in the hot loop.</summary>
    void OnStep(in StepProgress progress) { }
    /// <summary>After every completed epoch (validation included).</summary>
    void OnEpoch(EpochResult epoch) { }
}

/// <summary>How a training run ended.</summary>
public enum RunStatus
{
    /// <summary>All epochs ran.</summary>
    Completed,
    /// <summary>Early stopping: the validation loss stopped improving for <see cref="FitOptions.Patience"/> epochs.</summary>
    StoppedEarly,
    /// <summary>A loss or weight became non-finite (or a loss rejected its input); the model holds the last good weights.</summary>
    Diverged,
    /// <summary>Cancelled (Ctrl-C): the model holds the weights after the last complete step.</summary>
    Interrupted,
    /// <summary>All epochs ran, but the weights grew by more than <see cref="Trainer.UnstableGrowth"/>× their initial norm
    /// (finite, yet exploding: the learning rate is likely too high).</summary>
    Unstable,
}

/// <summary>Options of <see cref="Trainer.Fit"/>.</summary>
public sealed record FitOptions
{
    /// <summary>Epochs to run (at least 1).</summary>
    public int Epochs { get; init; } = 1;
    /// <summary>Early stopping: stop after this many epochs without a better validation loss and restore the best
    /// weights (null: off). Needs a validation loader.</summary>
    public int? Patience { get; init; }
}

/// <summary>What <see cref="Trainer.Fit"/> did.</summary>
/// <param name="Status">How it ended.</param>
/// <param name="History">One entry per completed epoch.</param>
/// <param name="BestEpoch">The epoch with the lowest validation loss (0 without validation).</param>
/// <param name="Message">Why it diverged, or null.</param>
/// <param name="Steps">Optimizer steps taken.</param>
/// <param name="TrainingSeconds">Seconds spent in training steps and their observers (validation excluded).</param>
public sealed record FitResult(RunStatus Status, IReadOnlyList<EpochResult> History, int BestEpoch, string? Message, long Steps, double TrainingSeconds)
{
    /// <summary>A warning about a run that finished (its weights exploded), or null.</summary>
    public string? Warning { get; init; }

    /// <summary><see cref="Message"/> as a catalogue text, to word in the user's language; null when it has none.</summary>
    public ActLab.Kernels.TextKey? MessageText { get; init; }

    /// <summary>Microseconds per training step.</summary>
    public double MicrosecondsPerStep => Steps == 0 ? double.NaN : TrainingSeconds * 1e6 / Steps;
}

/// <summary>Training stopped because the loss or a weight became non-finite; the model holds the last good weights.</summary>
public sealed class DivergedException(string message) : Exception(message)
{
    /// <summary>The message as a catalogue text (its English is <see cref="Exception.Message"/>), or null.</summary>
    public ActLab.Kernels.TextKey? Text { get; init; }
}

/// <summary>
/// The one training loop (train, tutorial, compare, inspect and the playground use it): batches, forward, loss,
/// backward, optimizer step; validation after each epoch; early stopping with the best weights kept; divergence
/// (a non-finite loss or weight, or a loss that rejects its input) rolled back to the last good weights;
/// cancellation after the current step. A step allocates nothing after warm-up.
/// </summary>
public sealed class Trainer
{
    private readonly Loss _loss;
    private readonly Optimizer _optimizer;
    private readonly float _threshold;
    private readonly bool _argMax;
    private float[][]? _good, _best;

    /// <summary>A trainer. The task (how accuracy is read) follows from the loss unless given: BCE losses mean a binary
    /// task, cross-entropy and NLL a class per output, MSE and L1 regression.</summary>
    public Trainer(Sequential model, Loss loss, Optimizer optimizer, TaskKind? task = null)
    {
        Model = model;
        _loss = loss;
        _optimizer = optimizer;
        Task = task ?? loss switch
        {
            BceLoss or BceWithLogitsLoss => TaskKind.Binary,
            CrossEntropyLoss => TaskKind.MultiClass,
            _ => TaskKind.Regression,
        };
        // Read from the layers themselves (not by parsing Describe()), so a layer of the user's own works too.
        var last = model.Layers.LastOrDefault(l => l is not Dropout);
        var output = last switch { Linear => OutputKind.Logits, ActivationLayer a => ModelDefinition.OutputOf(a.Activation), _ => OutputKind.Values };
        _argMax = (model.Layers.OfType<Linear>().LastOrDefault()?.Out ?? 1) > 1;
        // One output: a probability at 0.5, a log-probability at ln 0.5, a logit (or any other value) at 0.
        _threshold = output switch { OutputKind.Probabilities => 0.5f, OutputKind.LogProbabilities => MathF.Log(0.5f), _ => 0f };
    }

    /// <summary>Growth of the weights' norm over its initial value (or over 1) that makes a run unstable.</summary>
    public const double UnstableGrowth = 1e3;

    private double WeightNorm()
    {
        double sum = 0;
        foreach (var p in Model.Parameters)
            foreach (var v in p.Value) sum += (double)v * v;
        return Math.Sqrt(sum);
    }

    /// <summary>The model.</summary>
    public Sequential Model { get; }
    /// <summary>A penalty on the weights added to the gradients before each optimizer step (null: none).</summary>
    public Penalty? Penalty { get; set; }
    /// <summary>How accuracy is read.</summary>
    public TaskKind Task { get; }

    /// <summary>Trains for <see cref="FitOptions.Epochs"/> epochs, or until early stopping, divergence or cancellation.</summary>
    public FitResult Fit(DataLoader train, DataLoader? validation, FitOptions options, ITrainingObserver? observer = null, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Epochs < 1) throw ActLab.Core.Localization.Texts.Error("epochs", options.Epochs, "error.train.epochs", options.Epochs);
        if (options.Patience is int p && p < 1) throw ActLab.Core.Localization.Texts.Error("patience", p, "error.train.patience", p);
        if (options.Patience is not null && validation is null)
            throw ActLab.Core.Localization.Texts.Error("patience", options.Patience, "error.train.noValidation");
        var history = new List<EpochResult>(Math.Min(options.Epochs, 100_000));
        var clock = new Stopwatch();
        long steps = 0;
        double bestLoss = double.PositiveInfinity;
        int bestEpoch = 0, sinceBest = 0;
        var status = RunStatus.Completed;
        string? message = null, warning = null;
        ActLab.Kernels.TextKey? messageText = null;
        double initialNorm = WeightNorm();
        for (int e = 1; e <= options.Epochs; e++)
        {
            EpochResult r;
            try { r = RunEpoch(e, train, observer, cancellation, clock, ref steps); }
            catch (DivergedException d) { status = RunStatus.Diverged; message = d.Message; messageText = d.Text; break; }
            if (cancellation.IsCancellationRequested) { status = RunStatus.Interrupted; break; }
            if (validation is not null)
            {
                var (vl, va) = Evaluate(validation);
                r = r with { ValidationLoss = vl, ValidationAccuracy = va };
                if (vl < bestLoss)
                {
                    bestLoss = vl;
                    bestEpoch = e;
                    sinceBest = 0;
                    Snapshot(ref _best);
                }
                else sinceBest++;
            }
            history.Add(r);
            double norm = WeightNorm();
            if (warning is null && norm > UnstableGrowth * Math.Max(initialNorm, 1))
                warning = string.Create(System.Globalization.CultureInfo.InvariantCulture,
                    $"the weights grew from norm {initialNorm:G3} to {norm:G3} by epoch {e} (more than {UnstableGrowth:G}×): training is unstable; try a smaller learning rate.");
            observer?.OnEpoch(r);
            if (options.Patience is int patience && sinceBest >= patience)
            {
                status = RunStatus.StoppedEarly;
                break;
            }
        }
        if (options.Patience is not null && _best is not null && status != RunStatus.Interrupted) Restore(_best);
        if (warning is not null && status == RunStatus.Completed) status = RunStatus.Unstable;
        return new FitResult(status, history, bestEpoch, message, steps, clock.Elapsed.TotalSeconds) { Warning = warning, MessageText = messageText };
    }

    /// <summary>Runs one epoch over <paramref name="train"/> and evaluates on <paramref name="validation"/> if given.</summary>
    /// <exception cref="DivergedException">A batch loss or a weight became non-finite, or the loss rejected the output.</exception>
    public EpochResult RunEpoch(int epoch, DataLoader train, DataLoader? validation)
    {
        long steps = 0;
        var r = RunEpoch(epoch, train, null, default, null, ref steps);
        if (validation is null) return r;
        var (vl, va) = Evaluate(validation);
        return r with { ValidationLoss = vl, ValidationAccuracy = va };
    }

    private EpochResult RunEpoch(int epoch, DataLoader train, ITrainingObserver? observer, CancellationToken cancellation, Stopwatch? clock, ref long steps)
    {
        Snapshot(ref _good, onlyIfMissing: true);
        train.StartEpoch();
        clock?.Start();
        Totals t;
        // The handler sits outside the step loop so that the loop's locals stay in registers.
        try { t = Steps(epoch, train, observer, cancellation, clock, ref steps); }
        catch (LossDomainException e) { clock?.Stop(); Diverged(epoch, _batch, e.Message.TrimEnd('.')); throw; }
        clock?.Stop();
        if (!double.IsFinite(t.Cost)) Diverged(epoch, _batch, new ActLab.Kernels.TextKey("train.diverged.loss", t.Cost));
        foreach (var p in Model.Parameters)
            foreach (var v in p.Value)
                if (!float.IsFinite(v)) Diverged(epoch, train.BatchCount - 1, new ActLab.Kernels.TextKey("train.diverged.weight", p.Name, v));
        Snapshot(ref _good);
        return new EpochResult(epoch, t.Done == 0 ? double.NaN : t.Cost / t.Done, t.Seen == 0 ? double.NaN : (double)t.Correct / t.Seen, double.NaN, double.NaN);
    }

    private readonly record struct Totals(double Cost, int Done, int Correct, int Seen);

    private int _batch;

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private Totals Steps(int epoch, DataLoader train, ITrainingObserver? observer, CancellationToken cancellation, Stopwatch? clock, ref long steps)
    {
        double cost = 0;
        int batches = train.BatchCount, correct = 0, seen = 0, done = 0;
        bool classes = Task != TaskKind.Regression;
        for (int b = 0; b < batches; b++)
        {
            _batch = b;
            var (x, y) = train.Batch(b);
            var output = Model.Forward(x, training: true);
            float l = _loss.Forward(output, y);
            if (!float.IsFinite(l)) return new Totals(l, done, correct, seen); // reported as divergence by the caller
            Model.Backward(_loss.Backward());
            Penalty?.AddGradient(Model.Parameters);
            if (_optimizer.Parallelism != Model.Parallelism) _optimizer.Parallelism = Model.Parallelism;
            _optimizer.Step();
            cost += l;
            done++;
            steps++;
            if (classes) { correct += Correct(output, y); seen += x.Rows; }
            if (observer is not null) observer.OnStep(new StepProgress(epoch, b + 1, batches, cost / done, steps, clock?.Elapsed.TotalSeconds ?? 0));
            if (cancellation.IsCancellationRequested) break;
        }
        return new Totals(cost, done, correct, seen);
    }

    /// <summary>Loss (the mean over rows) and accuracy over a loader, in evaluation mode. The loss is NaN if the loss rejects an
    /// output (BCELoss given NaN).</summary>
    public (double Loss, double Accuracy) Evaluate(DataLoader data)
    {
        // As in training, the handler stays outside the batch loop (it runs as often as the steps in the tutorial).
        try { return EvaluateBatches(data); }
        catch (LossDomainException) { return (double.NaN, double.NaN); }
    }

    private (double Loss, double Accuracy) EvaluateBatches(DataLoader data)
    {
        // The mean over rows (each batch's mean weighted by its rows), as evaluate computes it: a short last batch
        // does not count as much as a full one.
        double total = 0;
        int correct = 0, seen = 0, batches = data.BatchCount;
        bool classes = Task != TaskKind.Regression;
        data.StartEpoch();
        for (int b = 0; b < batches; b++)
        {
            var (x, y) = data.Batch(b);
            var output = Model.Forward(x, training: false);
            total += _loss.Forward(output, y) * x.Rows;
            seen += x.Rows;
            if (classes) correct += Correct(output, y);
        }
        return (seen == 0 ? double.NaN : total / seen, !classes || seen == 0 ? double.NaN : (double)correct / seen);
    }

    /// <summary>The predicted class of row <paramref name="i"/> of a model output.</summary>
    public int Predict(Tensor output, int i)
    {
        if (!_argMax) return output[i, 0] >= _threshold ? 1 : 0;
        var row = output.Row(i);
        int best = 0;
        for (int k = 1; k < row.Length; k++) if (row[k] > row[best]) best = k;
        return best;
    }

    private int Correct(Tensor output, Tensor y)
    {
        int c = 0, n = output.Rows;
        if (!_argMax)
        {
            // One output: a straight compare per row (this runs every step; no per-row call or indexer).
            var o = output.Data.AsSpan(0, n);
            var t = y.Data.AsSpan(0, n);
            float threshold = _threshold;
            for (int i = 0; i < o.Length; i++) c += (o[i] >= threshold) == (t[i] != 0) ? 1 : 0;
            return c;
        }
        for (int i = 0; i < n; i++) c += Predict(output, i) == (int)y.Data[i] ? 1 : 0;
        return c;
    }

    private void Snapshot(ref float[][]? into, bool onlyIfMissing = false)
    {
        if (into is not null && onlyIfMissing) return;
        into ??= [.. Model.Parameters.Select(p => new float[p.Value.Length])];
        for (int i = 0; i < into.Length; i++) Model.Parameters[i].Value.CopyTo(into[i], 0);
    }

    private void Restore(float[][] from)
    {
        for (int i = 0; i < from.Length; i++) from[i].CopyTo(Model.Parameters[i].Value, 0);
    }

    // what: a catalogue text (the loss or a weight became non-finite) or a message worded elsewhere (a loss's own).
    private void Diverged(int epoch, int batch, object what)
    {
        Restore(_good!);
        var text = new ActLab.Kernels.TextKey("train.diverged", epoch, batch + 1, what, epoch - 1);
        throw new DivergedException(Localization.Texts.English.Format(text)) { Text = text };
    }
}
