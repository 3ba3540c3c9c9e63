using System.Globalization;
using ActLab.Cli;
using ActLab.Core.Data;
using ActLab.Core.Model;
using ActLab.Core.Runs;
using ActLab.Core.Training;
using ActLab.Kernels;
using ActLab.Kernels.Catalogue;

namespace ActLab.Cli.Experiments;

/// <summary>Everything <c>actlab train</c> takes; what was used is recorded in config.json so the run replays.</summary>
internal sealed record TrainSettings
{
    public required string DataPath { get; init; }
    public string? Label { get; init; }
    public string? Model { get; init; }
    public int[] Hidden { get; init; } = [16];
    public string Activation { get; init; } = "relu";
    /// <summary>auto | sigmoid | softmax | none.</summary>
    public string Output { get; init; } = "auto";
    /// <summary>auto or a loss name.</summary>
    public string Loss { get; init; } = "auto";
    public string Optimizer { get; init; } = "adam";
    public double LearningRate { get; init; } = 1e-3;
    public double Momentum { get; init; }
    public double? WeightDecay { get; init; }
    public int Epochs { get; init; } = 100;
    public int BatchSize { get; init; } = 32;
    public bool DropLast { get; init; }
    public double[] Split { get; init; } = [0.8, 0.1, 0.1];
    /// <summary>Whether --split was given (an image data set has its official split and refuses one).</summary>
    public bool SplitGiven { get; init; }
    /// <summary>Where named image data sets are (default: $ACTLAB_DATA_DIR, else /usr/share/datasets).</summary>
    public string? DataDir { get; init; }
    /// <summary>Validation images drawn from an image data set's training images (default: a tenth of them, 6,000
    /// for MNIST and Fashion-MNIST).</summary>
    public int? ValidationImages { get; init; }
    public ulong Seed { get; init; }
    public ulong? WeightSeed { get; init; }
    public bool Standardize { get; init; }
    public bool Regression { get; init; }
    public Initializer Init { get; init; } = Initializer.PyTorch;
    public int? Patience { get; init; }
    /// <summary>Threads the model's large matrix products may use (default: every core).</summary>
    public int? Threads { get; init; }
    /// <summary>Told how reading the data goes (rows and bytes so far), for a progress line.</summary>
    public Action<CsvProgress>? Reading { get; init; }
}

/// <summary>What a training run measured.</summary>
internal sealed record TrainResult(FitResult Fit, double ValidationLoss, double ValidationAccuracy, double TestLoss, double TestAccuracy, RunConfig Config, Dataset Data);

/// <summary>The plan of a run, settled before any training: what the user is told first.</summary>
internal sealed record TrainPlan(Dataset Data, TaskKind Task, ModelDefinition Model, LossKind Loss, int BatchSize, int TrainRows, ImageDataset? Images = null);

/// <summary><c>actlab train</c>: read, split, build, train (the one loop), evaluate, record (the run writer).</summary>
internal static class TrainRun
{
    public static readonly string[] Outputs = ["auto", "sigmoid", "softmax", "none"];

    /// <summary>Runs training. <paramref name="openWriter"/> is called once the settings and data are known to be good,
    /// so bad input leaves nothing behind (not even a lock file).</summary>
    public static TrainResult Run(TrainSettings s, Func<RunWriter> openWriter, ITrainingObserver? observer, Action<TrainPlan>? planned, CancellationToken cancellation)
    {
        if (!Outputs.Contains(s.Output)) throw ActLab.Core.Localization.Texts.Error("output", s.Output, "error.train.output", InputException.Show(s.Output), string.Join(", ", Outputs));
        LossKind? requested = s.Loss == "auto" ? null : Objectives.ParseLoss(s.Loss);
        var optimizerKind = Objectives.ParseOptimizer(s.Optimizer);
        if (s.Epochs < 1) throw new InputException("epochs", s.Epochs, $"Epochs must be at least 1; got {s.Epochs}.") { Key = "error.train.epochs", Args = [s.Epochs] };
        if (s.BatchSize < 1) throw new InputException("batchSize", s.BatchSize, $"The batch size must be at least 1; got {s.BatchSize}.") { Key = "error.train.batchSize", Args = [s.BatchSize] };
        if (!(s.LearningRate > 0) || !double.IsFinite(s.LearningRate)) throw new InputException("learningRate", s.LearningRate, $"The learning rate must be a finite number > 0; got {s.LearningRate.ToString(CultureInfo.InvariantCulture)}.") { Key = "error.train.lr", Args = [s.LearningRate.ToString(CultureInfo.InvariantCulture)] };
        if (s.Split.Length != 3) throw ActLab.Core.Localization.Texts.Error("split", string.Join(",", s.Split), "error.train.splitCount", s.Split.Length);
        // Specs are parsed before the data is read: a typo fails at once.
        var written = s.Model is null ? null : ModelDefinition.Parse(s.Model);
        Activation? hiddenActivation = null;
        if (s.Model is null)
        {
            try { hiddenActivation = Catalogue.Resolve(s.Activation); }
            catch (SpecException e) { throw new InputException("activation", s.Activation, e.Message) { Key = e.Key, Args = e.Args }; }
        }

        Dataset data;
        long bytesRead = 0;
        ImageDataset? images = null;
        int validationImages = 0;
        if (ImageDatasets.Recognizes(s.DataPath))
        {
            if (s.SplitGiven) throw ActLab.Core.Localization.Texts.Error("split", string.Join(",", s.Split), "error.train.imageSplit", s.DataPath);
            if (s.Label is not null || s.Regression) throw ActLab.Core.Localization.Texts.Error("label", s.Label ?? "", "error.train.imageLabel", s.DataPath);
            images = ImageDatasets.Load(s.DataPath, s.DataDir);
            data = images.Data;
            validationImages = s.ValidationImages ?? images.TrainCount / 10;
        }
        else
        {
            try { data = CsvTable.Read(s.DataPath, s.Label, s.Regression, progress: p => { bytesRead = p.Bytes; s.Reading?.Invoke(p); }); }
            catch (InputException e) when (e.Parameter == "label") { throw UsageException.Of("error.train.labelHint", UsageException.Nested(e)); }
        }
        var task = data.IsRegression ? TaskKind.Regression : Objectives.TaskFor(data.Classes.Length);
        int classes = data.Classes.Length, inputs = data.FeatureNames.Length;
        ModelDefinition definition;
        if (written is not null) definition = written;
        else
        {
            string output = s.Output == "auto"
                ? task switch { TaskKind.Regression => "none", TaskKind.Binary => requested is LossKind.BceWithLogits or LossKind.CrossEntropy ? "none" : "sigmoid", _ => "softmax" }
                : s.Output;
            if (task == TaskKind.Regression && output is "sigmoid" or "softmax") throw ActLab.Core.Localization.Texts.Error("output", output, "error.train.regressionOutput", output);
            int outs = task == TaskKind.Regression ? 1 : task == TaskKind.Binary && output != "softmax" && requested is not LossKind.CrossEntropy ? 1 : classes;
            // softmax is applied when predicting; the model itself ends in logits, as cross-entropy needs.
            definition = ModelDefinition.Mlp(inputs, s.Hidden, hiddenActivation!, outs, output == "sigmoid" ? Catalogue.Resolve("sigmoid") : null);
        }
        if (definition.Inputs != inputs)
            throw new InputException("model", definition.Canonical, $"The model '{definition.Canonical}' takes {definition.Inputs} inputs but the data has {inputs} features.") { Key = "error.train.inputs", Args = [definition.Canonical, definition.Inputs, inputs] };
        var lossKind = Objectives.ChooseLoss(task, classes, definition, requested);
        var sizes = images is not null ? [images.TrainCount - validationImages, validationImages, images.TestCount] : Core.Data.Split.Sizes(data.Count, s.Split);
        if (sizes[0] == 0) throw new InputException("split", string.Join(",", s.Split), $"The split {string.Join(",", s.Split)} leaves no training examples out of {data.Count}.") { Key = "error.train.noTraining", Args = [string.Join(",", s.Split), data.Count] };
        // As PyTorch's DataLoader, Keras and scikit-learn do: a batch larger than the data is the whole training set.
        int batchSize = Math.Min(s.BatchSize, sizes[0]);
        if (s.DropLast && batchSize < s.BatchSize) throw ActLab.Core.Localization.Texts.Error("batchSize", s.BatchSize, "error.train.batchTooLarge", s.BatchSize, sizes[0]);
        // Refuse before allocating what cannot fit, with the estimate (the data is already in memory).
        long need = definition.TrainingBytes(batchSize) + 4L * data.Count * (inputs + 1);
        long available = GC.GetGCMemoryInfo().TotalAvailableMemoryBytes;
        if (need > available * 8 / 10)
            throw ActLab.Core.Localization.Texts.Error("model", definition.Canonical, "error.train.memory", InputException.Show(definition.Canonical), need / 1e9, definition.ParameterCount, available / 1e9);
        planned?.Invoke(new TrainPlan(data, task, definition, lossKind, batchSize, sizes[0], images));
        var parts = images is not null ? ImageDatasets.Partition(images.TrainCount, images.TestCount, validationImages, s.Seed) : Core.Data.Split.Random(data.Count, sizes, s.Seed);
        var features = data.Features;
        StandardizationRecord? standardization = null;
        (float[] Mean, float[] Std)? standardize = null;
        if (s.Standardize)
        {
            // The loaders standardise as they batch: a standardised copy of the data set would double its memory.
            var (mean, std) = Standardization.Fit(features, parts[0]);
            standardize = (mean, std);
            standardization = new StandardizationRecord { Mean = mean, Std = std };
        }

        ulong weightSeed = s.WeightSeed ?? s.Seed;
        var model = definition.Build(weightSeed, s.Init);
        if (s.Threads is int threads)
        {
            model.Parallelism = threads;
            ActLab.Kernels.Simd.Elementwise.MaxThreads = threads; // large activation passes (≥ 64K elements) too
        }
        var writer = openWriter();
        var loss = Objectives.CreateLoss(lossKind);
        var optimizer = Objectives.CreateOptimizer(optimizerKind, model.Parameters, s.LearningRate, s.Momentum, s.WeightDecay);
        bool column = Objectives.TargetsAsColumn(lossKind);
        var train = new DataLoader(features, data.Targets, parts[0], batchSize, shuffle: true, s.DropLast, s.Seed + 1, column, standardize);
        DataLoader? Loader(int i) => sizes[i] > 0 ? new DataLoader(features, data.Targets, parts[i], Math.Min(batchSize, sizes[i]), false, false, 0, column, standardize) : null;
        var val = Loader(1);
        var test = Loader(2);
        var trainer = new Trainer(model, loss, optimizer, task);
        var config = new RunConfig
        {
            Experiment = "train",
            // Standard input leaves no path to follow; a FIFO's path is kept, but its size (0) never matches the bytes read.
            Data = images is not null
                ? new DataRecord { Path = images.Folder, Dataset = images.Name, Rows = data.Count, Features = data.FeatureNames, Label = data.LabelName, Classes = data.Classes }
                : new DataRecord { Path = s.DataPath == TextFiles.StandardInput ? null : Path.GetFullPath(s.DataPath), Bytes = bytesRead, Rows = data.Count, Features = data.FeatureNames, Label = data.LabelName, Classes = data.Classes },
            Task = Objectives.Name(task),
            Model = definition.Canonical,
            Init = Initializers.Name(s.Init),
            Loss = Objectives.Name(lossKind),
            Optimizer = new OptimizerRecord { Name = Objectives.Name(optimizerKind), Lr = s.LearningRate, Momentum = s.Momentum, WeightDecay = optimizer.WeightDecay },
            Epochs = s.Epochs,
            BatchSize = batchSize,
            DropLast = s.DropLast,
            Patience = s.Patience,
            Split = images is not null ? [] : s.Split,
            SplitSizes = sizes,
            Seed = s.Seed,
            WeightSeed = weightSeed,
            Standardize = standardization,
        };
        var fit = trainer.Fit(train, val, new FitOptions { Epochs = s.Epochs, Patience = s.Patience }, new Recorder(writer, observer), cancellation);
        var (vl, va) = val is null ? (double.NaN, double.NaN) : trainer.Evaluate(val);
        var (tl, ta) = test is null ? (double.NaN, double.NaN) : trainer.Evaluate(test);
        var last = fit.History.Count > 0 ? fit.History[^1] : default;
        writer.WriteConfig(config);
        writer.WriteModel(model, config);
        writer.WriteSummary(new RunSummary
        {
            Status = RunSummary.StatusName(fit.Status), Message = fit.Message, Warning = fit.Warning, Epochs = fit.History.Count, BestEpoch = fit.BestEpoch,
            FinalTrainLoss = RunSummary.Finite(last.TrainLoss), FinalTrainAccuracy = RunSummary.Finite(last.TrainAccuracy),
            ValidationLoss = RunSummary.Finite(vl), ValidationAccuracy = RunSummary.Finite(va), TestLoss = RunSummary.Finite(tl), TestAccuracy = RunSummary.Finite(ta),
            Steps = fit.Steps, TrainingLoopSeconds = fit.TrainingSeconds, MicrosecondsPerStep = RunSummary.Finite(fit.MicrosecondsPerStep),
        });
        return new TrainResult(fit, vl, va, tl, ta, config, data);
    }

    /// <summary>Appends every epoch to metrics.csv (flushed) before passing the events on.</summary>
    private sealed class Recorder(RunWriter writer, ITrainingObserver? inner) : ITrainingObserver
    {
        public void OnStep(in StepProgress progress) => inner?.OnStep(progress);
        public void OnEpoch(EpochResult epoch)
        {
            writer.AppendMetrics(epoch);
            inner?.OnEpoch(epoch);
        }
    }
}
