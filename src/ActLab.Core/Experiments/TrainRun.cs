using System.Diagnostics;
using System.Text.Json.Nodes;
using ActLab.Core.Data;
using ActLab.Core.Model;
using ActLab.Core.Serialization;
using ActLab.Core.Training;
using ActLab.Kernels.Random;

namespace ActLab.Core.Experiments;

/// <summary>Everything <c>actlab train</c> takes; each field is recorded in config.json so the run replays.</summary>
public sealed record TrainSettings
{
    /// <summary>The CSV file.</summary>
    public required string DataPath { get; init; }
    /// <summary>The label column (default: the last).</summary>
    public string? Label { get; init; }
    /// <summary>A written model (<c>linear(2,16) relu linear(16,1) sigmoid</c>); overrides Hidden/Activation/Output.</summary>
    public string? Model { get; init; }
    /// <summary>Hidden layer sizes of the MLP.</summary>
    public int[] Hidden { get; init; } = [16];
    /// <summary>Hidden activation spec.</summary>
    public string Activation { get; init; } = "relu";
    /// <summary>auto | sigmoid | softmax | none.</summary>
    public string Output { get; init; } = "auto";
    /// <summary>auto | bce | bce-logits | cross-entropy | mse | l1.</summary>
    public string Loss { get; init; } = "auto";
    /// <summary>adam | adamw | sgd | rmsprop | adagrad.</summary>
    public string Optimizer { get; init; } = "adam";
    /// <summary>Learning rate.</summary>
    public double LearningRate { get; init; } = 1e-3;
    /// <summary>SGD momentum.</summary>
    public double Momentum { get; init; }
    /// <summary>Weight decay (L2 for Adam/SGD, decoupled for AdamW).</summary>
    public double WeightDecay { get; init; }
    /// <summary>Epochs.</summary>
    public int Epochs { get; init; } = 100;
    /// <summary>Training batch size.</summary>
    public int BatchSize { get; init; } = 32;
    /// <summary>Drop a last short training batch.</summary>
    public bool DropLast { get; init; }
    /// <summary>Train/validation/test fractions.</summary>
    public double[] Split { get; init; } = [0.8, 0.1, 0.1];
    /// <summary>Seed of the split and the shuffles (the data side).</summary>
    public ulong Seed { get; init; }
    /// <summary>Seed of the initial weights and dropout masks; defaults to <see cref="Seed"/>.</summary>
    public ulong? WeightSeed { get; init; }
    /// <summary>Standardise features with the training split's mean and standard deviation.</summary>
    public bool Standardize { get; init; }
    /// <summary>Treat a numeric label as a float target.</summary>
    public bool Regression { get; init; }
    /// <summary>Weight initialiser.</summary>
    public Initializer Init { get; init; } = Initializer.PyTorch;
}

/// <summary>What a training run measured.</summary>
public sealed record TrainResult(IReadOnlyList<EpochResult> Metrics, double TestLoss, double TestAccuracy, int Steps, double LoopSeconds,
    string ModelSpec, string LossName, TaskKind Task, string? Diverged)
{
    /// <summary>Microseconds per training step.</summary>
    public double MicrosecondsPerStep => Steps == 0 ? double.NaN : LoopSeconds * 1e6 / Steps;
}

/// <summary><c>actlab train</c>: read, split, build, train, evaluate, record.</summary>
public static class TrainRun
{
    /// <summary>Runs training; writes the run folder (also after divergence, with the last good weights).</summary>
    /// <exception cref="DataException">Bad data.</exception>
    /// <exception cref="ArgumentException">Inconsistent settings (the message says which and why).</exception>
    public static TrainResult Run(TrainSettings s, string outDir, Action<EpochResult>? onEpoch = null)
    {
        if (s.Epochs < 1) throw new ArgumentException($"--epochs must be at least 1; got {s.Epochs}.");
        var data = CsvTable.Read(s.DataPath, s.Label, s.Regression);
        var task = data.IsRegression ? TaskKind.Regression : data.Classes.Length == 2 ? TaskKind.Binary : TaskKind.MultiClass;
        var (outputs, outputInModel, predictWith, lossName) = Resolve(s, task, data.Classes.Length);

        var sizes = Data.Split.Sizes(data.Count, s.Split);
        if (sizes[0] == 0) throw new ArgumentException($"The split {string.Join(",", s.Split)} leaves no training examples out of {data.Count}.");
        var parts = Data.Split.Random(data.Count, sizes, s.Seed);
        var features = data.Features;
        float[]? mean = null, std = null;
        if (s.Standardize) (features, mean, std) = Standardize(features, parts[0]);

        int inputs = data.FeatureNames.Length;
        string spec = s.Model ?? ModelSpec.Mlp(inputs, s.Hidden, s.Activation, outputs, outputInModel);
        ulong weightSeed = s.WeightSeed ?? s.Seed;
        var rng = new Pcg32(weightSeed, 3);
        var model = ModelSpec.Parse(spec, ref rng, s.Init, weightSeed + 17);
        CheckShapes(model, inputs, outputs, spec);
        Loss loss = lossName switch
        {
            "bce" => new BceLoss(),
            "bce-logits" => new BceWithLogitsLoss(),
            "cross-entropy" => new CrossEntropyLoss(),
            "mse" => new MseLoss(),
            "l1" => new L1Loss(),
            _ => throw new ArgumentException($"Unknown loss '{lossName}'."),
        };
        Optimizer opt = s.Optimizer switch
        {
            "adam" => new Adam(model.Parameters, s.LearningRate, weightDecay: s.WeightDecay),
            "adamw" => new Adam(model.Parameters, s.LearningRate, weightDecay: s.WeightDecay == 0 ? 0.01 : s.WeightDecay, decoupledWeightDecay: true),
            "sgd" => new Sgd(model.Parameters, s.LearningRate, s.Momentum, weightDecay: s.WeightDecay),
            "rmsprop" => new RmsProp(model.Parameters, s.LearningRate, weightDecay: s.WeightDecay),
            "adagrad" => new Adagrad(model.Parameters, s.LearningRate, weightDecay: s.WeightDecay),
            _ => throw new ArgumentException($"Unknown optimizer '{s.Optimizer}'; use adam, adamw, sgd, rmsprop or adagrad."),
        };
        bool column = task != TaskKind.MultiClass && lossName != "cross-entropy";
        if (s.BatchSize < 1) throw new ArgumentException($"--batch-size must be at least 1; got {s.BatchSize}.");
        if (s.BatchSize > sizes[0]) throw new ArgumentException($"--batch-size {s.BatchSize} is larger than the {sizes[0]} training examples.");
        var train = new DataLoader(features, data.Targets, parts[0], s.BatchSize, shuffle: true, s.DropLast, s.Seed + 1, column);
        DataLoader? Loader(int i) => sizes.Length > i && sizes[i] > 0 ? new DataLoader(features, data.Targets, parts[i], Math.Min(s.BatchSize, sizes[i]), false, false, 0, column) : null;
        var val = Loader(1);
        var test = Loader(2);
        var trainer = new Trainer(model, loss, opt, lossName == "cross-entropy" && task == TaskKind.Binary ? TaskKind.MultiClass : task, outputsAreLogits: lossName == "bce-logits");

        var metrics = new List<EpochResult>();
        var sw = new Stopwatch();
        string? diverged = null;
        for (int e = 1; e <= s.Epochs; e++)
        {
            sw.Start();
            EpochResult r;
            try { r = trainer.RunEpoch(e, train, null); }
            catch (DivergedException d) { sw.Stop(); diverged = d.Message; break; }
            sw.Stop();
            var (vl, va) = val is null ? (double.NaN, double.NaN) : trainer.Evaluate(val);
            r = r with { ValidationLoss = vl, ValidationAccuracy = va };
            metrics.Add(r);
            onEpoch?.Invoke(r);
        }
        var (tl, ta) = test is null ? (double.NaN, double.NaN) : trainer.Evaluate(test);
        var result = new TrainResult(metrics, tl, ta, metrics.Count * train.BatchCount, sw.Elapsed.TotalSeconds, spec, lossName, task, diverged);

        var config = new JsonObject
        {
            ["experiment"] = "train",
            ["data"] = new JsonObject
            {
                ["path"] = Path.GetFullPath(s.DataPath), ["rows"] = data.Count, ["features"] = new JsonArray([.. data.FeatureNames.Select(f => (JsonNode?)f)]),
                ["label"] = data.LabelName, ["classes"] = new JsonArray([.. data.Classes.Select(c => (JsonNode?)c)]),
            },
            ["task"] = task.ToString().ToLowerInvariant(),
            ["split"] = new JsonArray([.. s.Split.Select(f => (JsonNode?)f)]),
            ["splitSizes"] = new JsonArray([.. sizes.Select(v => (JsonNode?)v)]),
            ["standardize"] = mean is null ? null : new JsonObject { ["mean"] = new JsonArray([.. mean.Select(v => (JsonNode?)v)]), ["std"] = new JsonArray([.. std!.Select(v => (JsonNode?)v)]) },
            ["model"] = spec,
            ["predict"] = predictWith,
            ["init"] = s.Init.ToString(),
            ["loss"] = lossName,
            ["optimizer"] = new JsonObject { ["name"] = s.Optimizer, ["lr"] = s.LearningRate, ["momentum"] = s.Momentum, ["weightDecay"] = s.WeightDecay },
            ["epochs"] = s.Epochs,
            ["batchSize"] = s.BatchSize,
            ["dropLast"] = s.DropLast,
            ["seed"] = s.Seed,
            ["weightSeed"] = weightSeed,
        };
        var last = metrics.Count > 0 ? metrics[^1] : default;
        var summary = new JsonObject
        {
            ["status"] = diverged is null ? "completed" : "diverged",
            ["message"] = diverged,
            ["epochs"] = metrics.Count,
            ["finalTrainLoss"] = Json(last.TrainLoss),
            ["validationLoss"] = Json(last.ValidationLoss),
            ["validationAccuracy"] = Json(last.ValidationAccuracy),
            ["testLoss"] = Json(tl),
            ["testAccuracy"] = Json(ta),
            ["steps"] = result.Steps,
            ["trainingLoopSeconds"] = result.LoopSeconds,
            ["microsecondsPerStep"] = Json(result.MicrosecondsPerStep),
        };
        RunRecord.Write(outDir, config, metrics, model, spec, task, data.Classes, summary);
        return result;
    }

    private static JsonNode? Json(double v) => double.IsFinite(v) ? JsonValue.Create(v) : null;

    private static (int Outputs, string? OutputInModel, string PredictWith, string Loss) Resolve(TrainSettings s, TaskKind task, int classes)
    {
        string output = s.Output, loss = s.Loss;
        string[] outputs = ["auto", "sigmoid", "softmax", "none"], losses = ["auto", "bce", "bce-logits", "cross-entropy", "mse", "l1"];
        if (!outputs.Contains(output)) throw new ArgumentException($"--output '{output}' is not one of {string.Join(", ", outputs)}.");
        if (!losses.Contains(loss)) throw new ArgumentException($"--loss '{loss}' is not one of {string.Join(", ", losses)}.");
        switch (task)
        {
            case TaskKind.Regression:
                if (output is "sigmoid" or "softmax") throw new ArgumentException($"A float target needs --output none (got {output}).");
                if (loss is not ("auto" or "mse" or "l1")) throw new ArgumentException($"A float target needs --loss mse or l1 (got {loss}).");
                return (1, null, "none", loss == "auto" ? "mse" : loss);
            case TaskKind.Binary when loss != "cross-entropy" && output != "softmax":
                if (output == "auto") output = loss == "bce-logits" ? "none" : "sigmoid";
                if (loss == "auto") loss = output == "sigmoid" ? "bce" : "bce-logits";
                if (loss == "bce" && output != "sigmoid") throw new ArgumentException("--loss bce takes probabilities: use --output sigmoid, or --loss bce-logits with --output none.");
                if (loss == "bce-logits" && output != "none") throw new ArgumentException("--loss bce-logits applies the sigmoid itself: use --output none.");
                if (loss is "mse" or "l1") return (1, output == "sigmoid" ? "sigmoid" : null, output, loss);
                return (1, output == "sigmoid" ? "sigmoid" : null, "sigmoid", loss);
            default:
                if (loss is "bce" or "bce-logits") throw new ArgumentException($"{classes} classes need --loss cross-entropy (softmax outputs), not {loss}.");
                if (output is "sigmoid") throw new ArgumentException($"{classes} classes need --output softmax (or none), not sigmoid.");
                if (loss is "mse" or "l1") throw new ArgumentException($"Classes need --loss cross-entropy, not {loss}.");
                // Cross-entropy is taken on logits; softmax is applied when predicting.
                return (classes, null, "softmax", "cross-entropy");
        }
    }

    private static void CheckShapes(Sequential model, int inputs, int outputs, string spec)
    {
        var linears = model.Layers.OfType<Linear>().ToList();
        if (linears[0].In != inputs) throw new ArgumentException($"The model '{spec}' takes {linears[0].In} inputs but the data has {inputs} features.");
        if (linears[^1].Out != outputs) throw new ArgumentException($"The model '{spec}' gives {linears[^1].Out} outputs but this task needs {outputs}.");
    }

    private static (float[][] Features, float[] Mean, float[] Std) Standardize(float[][] features, int[] trainRows)
    {
        int d = features[0].Length;
        var mean = new float[d];
        var std = new float[d];
        for (int j = 0; j < d; j++)
        {
            double m = trainRows.Average(i => (double)features[i][j]);
            double v = trainRows.Average(i => (features[i][j] - m) * (features[i][j] - m));
            mean[j] = (float)m;
            std[j] = (float)(v > 0 ? Math.Sqrt(v) : 1);
        }
        return ([.. features.Select(r => r.Select((v, j) => (v - mean[j]) / std[j]).ToArray())], mean, std);
    }
}
