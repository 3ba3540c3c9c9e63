using System.Diagnostics;
using System.Text.Json.Nodes;
using ActLab.Core.Data;
using ActLab.Core.Model;
using ActLab.Core.Serialization;
using ActLab.Core.Tensors;
using ActLab.Core.Training;
using ActLab.Kernels.Random;

namespace ActLab.Core.Experiments;

/// <summary>The settings of seed 000's experiment (its exact values are the defaults).</summary>
public sealed record TutorialSettings
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
public interface ITutorialObserver
{
    /// <summary>Once, before training.</summary>
    void Started(Table data, int[] splitSizes, string modelSpec);
    /// <summary>After every epoch, with the current parameters.</summary>
    void Epoch(EpochResult result, IReadOnlyList<Parameter> parameters);
    /// <summary>Each validation batch after training, as the seed prints it.</summary>
    void ValidationBatch(Tensor inputs, Tensor labels, float loss, Tensor outputs, float threshold);
}

/// <summary>The measured outcome.</summary>
public sealed record TutorialResult(double FinalCost, double ValidationAccuracy, double TestAccuracy, int Steps, double LoopSeconds,
    IReadOnlyList<EpochResult> Metrics)
{
    /// <summary>Microseconds per training step (forward, loss, backward, Adam) in the training loop.</summary>
    public double MicrosecondsPerStep => LoopSeconds * 1e6 / Steps;
}

/// <summary>
/// Seed 000's binary classifier: the two-Gaussian CSV, an 80/10/10 random split, batches of 32 (shuffled, drop_last),
/// Linear(2,1) + Sigmoid, BCELoss, Adam(lr = 0.001), 10,000 epochs, then the validation batches of 4.
/// </summary>
public static class SeedTutorial
{
    /// <summary>The model the seed trains.</summary>
    public const string ModelSpecText = "linear(2,1) sigmoid";

    /// <summary>Runs the experiment; writes a run folder if <paramref name="outDir"/> is given.</summary>
    public static TutorialResult Run(TutorialSettings s, ITutorialObserver observer, string? outDir = null)
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
        var rng = new Pcg32(s.Seed, 3);
        var model = ModelSpec.Parse(ModelSpecText, ref rng);
        var loss = new BceLoss();
        var trainer = new Trainer(model, loss, new Adam(model.Parameters, s.LearningRate), TaskKind.Binary, outputsAreLogits: false);
        observer.Started(table, sizes, ModelSpecText);

        var metrics = new List<EpochResult>(s.Epochs);
        var sw = new Stopwatch();
        for (int e = 1; e <= s.Epochs; e++)
        {
            sw.Start();
            var r = trainer.RunEpoch(e, trainLoader, null);
            sw.Stop();
            var (vl, va) = trainer.Evaluate(valLoader);
            r = r with { ValidationLoss = vl, ValidationAccuracy = va };
            metrics.Add(r);
            observer.Epoch(r, model.Parameters);
        }
        int steps = s.Epochs * trainLoader.BatchCount;

        valLoader.StartEpoch();
        for (int b = 0; b < valLoader.BatchCount; b++)
        {
            var (x, y) = valLoader.Batch(b);
            var o = model.Forward(x, training: false);
            observer.ValidationBatch(x, y, loss.Forward(o, y), o, 0.5f);
        }
        var (_, valAcc) = trainer.Evaluate(valLoader);
        var (_, testAcc) = trainer.Evaluate(testLoader);
        var result = new TutorialResult(metrics[^1].TrainLoss, valAcc, testAcc, steps, sw.Elapsed.TotalSeconds, metrics);
        if (outDir is not null)
        {
            // The data goes into the run too, so the run can be replayed, evaluated and drawn without the generator.
            AtomicFile.Write(Path.Combine(outDir, "data.csv"), Generators.ToCsv(table));
            WriteRun(outDir, s, sizes, result, model);
        }
        return result;
    }

    private static void WriteRun(string dir, TutorialSettings s, int[] sizes, TutorialResult r, Sequential model)
    {
        var config = new JsonObject
        {
            ["experiment"] = "tutorial (seed 000)",
            ["data"] = new JsonObject
            {
                ["generator"] = "gaussians", ["perClass"] = s.PerClass, ["meanDiff"] = s.MeanDiff, ["seed"] = s.DataSeed,
                ["rng"] = s.DataStream.ToString().ToLowerInvariant(), ["columns"] = new JsonArray("feature1", "feature2", "label"),
                ["label"] = "label", ["classes"] = new JsonArray("0", "1"), ["path"] = Path.GetFullPath(Path.Combine(dir, "data.csv")),
            },
            ["split"] = new JsonArray(sizes[0], sizes[1], sizes[2]),
            ["model"] = ModelSpecText,
            ["predict"] = "sigmoid",
            ["task"] = "binary",
            ["init"] = "pytorch",
            ["loss"] = "bce",
            ["optimizer"] = new JsonObject { ["name"] = "adam", ["lr"] = s.LearningRate, ["betas"] = new JsonArray(0.9, 0.999), ["eps"] = 1e-8 },
            ["epochs"] = s.Epochs,
            ["batchSize"] = s.BatchSize,
            ["evalBatchSize"] = s.EvalBatchSize,
            ["seed"] = s.Seed,
        };
        var summary = new JsonObject
        {
            ["finalTrainLoss"] = r.FinalCost,
            ["validationAccuracy"] = r.ValidationAccuracy,
            ["testAccuracy"] = r.TestAccuracy,
            ["steps"] = r.Steps,
            ["trainingLoopSeconds"] = r.LoopSeconds,
            ["microsecondsPerStep"] = r.MicrosecondsPerStep,
        };
        RunRecord.Write(dir, config, r.Metrics, model, ModelSpecText, TaskKind.Binary, ["0", "1"], summary);
    }
}
