using ActLab.Core.Data;
using ActLab.Core.Model;
using ActLab.Core.Runs;
using ActLab.Core.Tensors;
using ActLab.Core.Training;

namespace ActLab.Cli.Experiments;

/// <summary>The settings of seed 000's experiment (its exact values are the defaults).</summary>
internal sealed record TutorialSettings
{
    /// <summary>Examples per class (500).</summary>
    public int PerClass { get; init; } = 500;
    /// <summary>Distance of class 1's mean from the origin on each axis (2.0).</summary>
    public double MeanDiff { get; init; } = 2.0;
    /// <summary>The data seed (42, NumPy's).</summary>
    public ulong DataSeed { get; init; } = 42;
    /// <summary>NumPy's stream, so the CSV is byte for byte the seed's <c>binary_data.csv</c>.</summary>
    public RandomStream DataStream { get; init; } = RandomStream.Numpy;
    /// <summary>Seed of the split, the shuffles and the initial weights.</summary>
    public ulong Seed { get; init; }
    /// <summary>Epochs (10,000).</summary>
    public int Epochs { get; init; } = 10_000;
    /// <summary>Adam's learning rate (0.001).</summary>
    public double LearningRate { get; init; } = 1e-3;
    /// <summary>Training batch size (32, shuffled, drop_last).</summary>
    public int BatchSize { get; init; } = 32;
    /// <summary>Validation and test batch size (4, shuffled, drop_last).</summary>
    public int EvalBatchSize { get; init; } = 4;
}

/// <summary>What the tutorial reports as it runs (the CLI prints it).</summary>
internal interface ITutorialObserver
{
    /// <summary>Once, before training.</summary>
    void Started(Table data, int[] splitSizes, string modelSpec);
    /// <summary>After every step (for a live status line).</summary>
    void Step(in StepProgress progress) { }
    /// <summary>After every epoch, with the current parameters.</summary>
    void Epoch(EpochResult result, IReadOnlyList<Parameter> parameters);
    /// <summary>Each validation batch after training, as the seed prints it.</summary>
    void ValidationBatch(Tensor inputs, Tensor labels, float loss, Tensor outputs, float threshold);
}

/// <summary>The measured outcome.</summary>
internal sealed record TutorialResult(double FinalCost, double ValidationAccuracy, double TestAccuracy, long Steps, double LoopSeconds,
    IReadOnlyList<EpochResult> Metrics, RunStatus Status)
{
    /// <summary>Microseconds per training step (forward, loss, backward, Adam) in the training loop.</summary>
    public double MicrosecondsPerStep => Steps == 0 ? double.NaN : LoopSeconds * 1e6 / Steps;
}

/// <summary>
/// Seed 000's binary classifier: the two-Gaussian CSV, an 80/10/10 random split, batches of 32 (shuffled, drop_last),
/// Linear(2,1) + Sigmoid, BCELoss, Adam(lr = 0.001), 10,000 epochs, then the validation batches of 4.
/// </summary>
internal static class SeedTutorial
{
    /// <summary>The model the seed trains.</summary>
    public const string ModelSpecText = "linear(2,1) sigmoid";

    /// <summary>Runs the experiment; writes a run folder through <paramref name="writer"/> if one is given.</summary>
    public static TutorialResult Run(TutorialSettings s, ITutorialObserver observer, RunWriter? writer = null, CancellationToken cancellation = default)
    {
        var table = Generators.Gaussians(s.PerClass, s.MeanDiff, s.DataSeed, s.DataStream);
        var features = table.Rows.Select(r => r.Select(v => (float)v).ToArray()).ToArray();
        var targets = table.Labels.Select(l => (float)l).ToArray();
        int n = table.Count;
        // The seed's sizes: int(0.8n), int(0.1n), and the rest.
        int train = (int)(0.8 * n), val = (int)(n * 0.1);
        int[] sizes = [train, val, n - train - val];
        var parts = Split.Random(n, sizes, s.Seed);
        var trainLoader = new DataLoader(features, targets, parts[0], s.BatchSize, shuffle: true, dropLast: true, s.Seed + 1);
        var valLoader = new DataLoader(features, targets, parts[1], s.EvalBatchSize, shuffle: true, dropLast: true, s.Seed + 2);
        var testLoader = new DataLoader(features, targets, parts[2], s.EvalBatchSize, shuffle: true, dropLast: true, s.Seed + 3);
        var definition = ModelDefinition.Parse(ModelSpecText);
        var model = definition.Build(s.Seed);
        var loss = new BceLoss();
        var trainer = new Trainer(model, loss, new Adam(model.Parameters, s.LearningRate));
        observer.Started(table, sizes, definition.Canonical);

        var fit = trainer.Fit(trainLoader, valLoader, new FitOptions { Epochs = s.Epochs }, new Adapter(observer, model, writer), cancellation);

        valLoader.StartEpoch();
        for (int b = 0; b < valLoader.BatchCount && fit.Status != RunStatus.Interrupted; b++)
        {
            var (x, y) = valLoader.Batch(b);
            var o = model.Forward(x, training: false);
            observer.ValidationBatch(x, y, loss.Forward(o, y), o, 0.5f);
        }
        var (_, valAcc) = trainer.Evaluate(valLoader);
        var (_, testAcc) = trainer.Evaluate(testLoader);
        var result = new TutorialResult(fit.History.Count > 0 ? fit.History[^1].TrainLoss : double.NaN, valAcc, testAcc, fit.Steps, fit.TrainingSeconds, fit.History, fit.Status);
        if (writer is not null)
        {
            // The data goes into the run too, so the run can be replayed, evaluated and drawn without the generator.
            string csv = Generators.ToCsv(table);
            writer.WriteFile("data.csv", csv);
            var config = new RunConfig
            {
                Experiment = "tutorial",
                Data = new DataRecord
                {
                    Path = "data.csv", Bytes = System.Text.Encoding.UTF8.GetByteCount(csv), Rows = n, Features = table.FeatureNames, Label = table.LabelName, Classes = ["0", "1"],
                    Generator = FormattableString.Invariant($"gaussians perClass={s.PerClass} meanDiff={s.MeanDiff} seed={s.DataSeed} rng={s.DataStream.ToString().ToLowerInvariant()}"),
                },
                Task = "binary",
                Model = definition.Canonical,
                Init = "pytorch",
                Loss = "bce",
                Optimizer = new OptimizerRecord { Name = "adam", Lr = s.LearningRate },
                Epochs = s.Epochs,
                BatchSize = s.BatchSize,
                EvalBatchSize = s.EvalBatchSize,
                DropLast = true,
                SplitSizes = sizes,
                Seed = s.Seed,
                WeightSeed = s.Seed,
            };
            writer.WriteConfig(config);
            writer.WriteModel(model, config);
            writer.WriteSummary(new RunSummary
            {
                Status = RunSummary.StatusName(fit.Status), Message = fit.Message, Epochs = fit.History.Count,
                FinalTrainLoss = RunSummary.Finite(result.FinalCost), ValidationAccuracy = RunSummary.Finite(valAcc), TestAccuracy = RunSummary.Finite(testAcc),
                Steps = fit.Steps, TrainingLoopSeconds = fit.TrainingSeconds, MicrosecondsPerStep = RunSummary.Finite(fit.MicrosecondsPerStep),
            });
        }
        return result;
    }

    private sealed class Adapter(ITutorialObserver observer, Sequential model, RunWriter? writer) : ITrainingObserver
    {
        public void OnStep(in StepProgress progress) => observer.Step(progress);

        public void OnEpoch(EpochResult epoch)
        {
            writer?.AppendMetrics(epoch);
            observer.Epoch(epoch, model.Parameters);
        }
    }
}
