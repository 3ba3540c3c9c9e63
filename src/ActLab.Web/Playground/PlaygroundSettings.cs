using System.Globalization;
using ActLab.Core.Data;
using ActLab.Core.Model;
using ActLab.Core.Training;
using ActLab.Kernels;
using ActLab.Kernels.Catalogue;

namespace ActLab.Web.Playground;

/// <summary>A setting the page sent that is out of range or unknown: the field and a message a person can act on.</summary>
public sealed class SettingsException(string field, string message) : InputException(field, null, message)
{
    /// <summary>The settings field (the page shows the message beside its control).</summary>
    public string Field { get; } = field;

    /// <summary>The message in <paramref name="texts"/>' language (English when it has no key or the language lacks it).</summary>
    public string In(ActLab.Core.Localization.Texts texts) => texts.Message(this);
}



/// <summary>
/// Everything that defines a playground network and its data, as the page sends it and as the URL keeps it. The
/// server validates every field against <see cref="Limits"/>; the same settings and seed give the same data, the same
/// initial weights and the same losses, step for step.
/// </summary>
public sealed record PlaygroundSettings
{
    /// <summary>A generator (<see cref="DataSets"/>) or <c>upload</c> (the session's uploaded CSV).</summary>
    public string Dataset { get; init; } = "circle";
    /// <summary>Noise: the Playground's 0–0.5 for circle, xor, gauss, spiral; a Gaussian std for the others.</summary>
    public double Noise { get; init; }
    /// <summary>Percent of the points used for training (the rest is the test set).</summary>
    public int TrainPercent { get; init; } = 50;
    /// <summary>Points generated.</summary>
    public int Points { get; init; } = 500;
    /// <summary>Classes for spiral and blobs (2 keeps the Playground's two-arm spiral).</summary>
    public int Classes { get; init; } = 2;
    /// <summary>Seed of the data, the split, the batches and the initial weights.</summary>
    public ulong Seed { get; init; } = 1;
    /// <summary><c>classification</c> or <c>regression</c>.</summary>
    public string Problem { get; init; } = "classification";
    /// <summary>Input features, from <see cref="FeatureMap.Names"/>.</summary>
    public string[] Features { get; init; } = ["x1", "x2"];
    /// <summary>Neurons of each hidden layer (0 to <see cref="Limits.Layers"/> layers).</summary>
    public int[] Hidden { get; init; } = [4, 2];
    /// <summary>The activation spec of each hidden layer (one entry applies to all).</summary>
    public string[] Activations { get; init; } = ["tanh"];
    /// <summary>Learning rate.</summary>
    public double LearningRate { get; init; } = 0.03;
    /// <summary><c>none</c>, <c>l1</c> or <c>l2</c>.</summary>
    public string Regularization { get; init; } = "none";
    /// <summary>Regularisation rate.</summary>
    public double RegularizationRate { get; init; }
    /// <summary>Mini-batch size.</summary>
    public int BatchSize { get; init; } = 10;
    /// <summary>An optimizer of the engine (<see cref="Objectives.OptimizerNames"/>).</summary>
    public string Optimizer { get; init; } = "sgd";
    /// <summary>SGD's momentum.</summary>
    public double Momentum { get; init; }
    /// <summary>An initialiser (<see cref="Initializers.Names"/>).</summary>
    public string Init { get; init; } = "xavier-uniform";
    /// <summary>Compare mode: the second network's hidden activation (null or empty: one network).</summary>
    public string? Compare { get; init; }
    /// <summary>Epochs trained between two pictures while playing.</summary>
    public int EpochsPerFrame { get; init; } = 5;

    /// <summary>The data sets a session can generate (<c>plane</c> and <c>multi-gauss</c> are the Playground's regression sets).</summary>
    public static readonly string[] DataSets = ["circle", "xor", "gauss", "spiral", "moons", "blobs", "plane", "multi-gauss", "upload"];

    /// <summary>Whether the task is regression.</summary>
    public bool IsRegression => Problem == "regression";

    /// <summary>The activation of hidden layer <paramref name="i"/>.</summary>
    public string ActivationOf(int i) => Activations.Length == 1 ? Activations[0] : Activations[i];

    /// <summary>Checks every field; the first bad one is thrown with its limit.</summary>
    /// <exception cref="SettingsException">A field out of range or unknown.</exception>
    public PlaygroundSettings Validate()
    {
        if (!DataSets.Contains(Dataset)) throw Bad("dataset", $"Unknown data set '{Show(Dataset)}'; choose {string.Join(", ", DataSets)}.", "settings.unknownDataset", Show(Dataset), string.Join(", ", DataSets));
        if (Problem is not ("classification" or "regression")) throw Bad("problem", $"The problem type must be classification or regression; got '{Show(Problem)}'.", "settings.problem", Show(Problem));
        bool regressionSet = Dataset is "plane" or "multi-gauss";
        if (regressionSet && !IsRegression) throw Bad("dataset", $"'{Dataset}' is a regression data set: choose the regression problem type, or a classification data set.", "settings.regressionSet", Dataset);
        if (!regressionSet && IsRegression && Dataset != "upload") throw Bad("dataset", $"Regression needs a regression data set (plane, multi-gauss) or an uploaded CSV; '{Dataset}' has classes.", "settings.classSet", Dataset);
        Range("noise", Noise, 0, Limits.Noise);
        Range("trainPercent", TrainPercent, Limits.MinTrainPercent, Limits.MaxTrainPercent);
        Range("points", Points, Limits.MinPoints, Limits.Points);
        Range("classes", Classes, 2, Limits.Classes);
        if (Seed > Limits.Seed) throw Bad("seed", $"The seed must be a whole number from 0 to {Limits.Seed}; got {Seed}.", "settings.seed", Limits.Seed, Seed);
        if (Features is null || Features.Length == 0) throw Bad("features", "Choose at least one input feature.", "settings.noFeature");
        foreach (var f in Features)
            if (!FeatureMap.Names.Contains(f)) throw Bad("features", $"Unknown feature '{Show(f)}'; choose from {string.Join(", ", FeatureMap.Names)}.", "settings.unknownFeature", Show(f), string.Join(", ", FeatureMap.Names));
        if (Features.Distinct().Count() != Features.Length) throw Bad("features", "A feature is listed twice.", "settings.featureTwice");
        if (Hidden is null || Hidden.Length > Limits.Layers) throw Bad("hidden", $"At most {Limits.Layers} hidden layers; got {Hidden?.Length}.", "settings.layers", Limits.Layers, Hidden?.Length);
        foreach (var h in Hidden) Range("hidden", h, 1, Limits.Neurons);
        if (Activations is null || Activations.Length == 0 || Activations.Length != 1 && Activations.Length != Hidden.Length)
            throw Bad("activations", $"Give one activation for all hidden layers or one per layer ({Hidden.Length}); got {Activations?.Length ?? 0}.", "settings.activationCount", Hidden.Length, Activations?.Length ?? 0);
        foreach (var a in Activations) CheckActivation("activations", a);
        if (!string.IsNullOrEmpty(Compare)) CheckActivation("compare", Compare);
        Range("learningRate", LearningRate, Limits.MinLearningRate, Limits.MaxLearningRate);
        if (Regularization is not ("none" or "l1" or "l2")) throw Bad("regularization", $"Regularisation must be none, l1 or l2; got '{Show(Regularization)}'.", "settings.regularization", Show(Regularization));
        Range("regularizationRate", RegularizationRate, 0, Limits.RegularizationRate);
        Range("batchSize", BatchSize, 1, Limits.BatchSize);
        if (!Objectives.OptimizerNames.Contains(Optimizer)) throw Bad("optimizer", $"Unknown optimizer '{Show(Optimizer)}'; choose {string.Join(", ", Objectives.OptimizerNames)}.", "settings.unknownOptimizer", Show(Optimizer), string.Join(", ", Objectives.OptimizerNames));
        Range("momentum", Momentum, 0, 0.999);
        if (Momentum != 0 && Optimizer != "sgd") throw Bad("momentum", $"Momentum applies to sgd only; {Optimizer} has its own moment estimates.", "settings.momentum", Optimizer);
        if (!Initializers.Names.Contains(Init)) throw Bad("init", $"Unknown initialiser '{Show(Init)}'; choose {string.Join(", ", Initializers.Names)}.", "settings.unknownInit", Show(Init), string.Join(", ", Initializers.Names));
        Range("epochsPerFrame", EpochsPerFrame, 1, Limits.EpochsPerFrame);
        return this;
    }

    private static void CheckActivation(string field, string spec)
    {
        Activation a;
        try { a = Catalogue.Resolve(spec ?? ""); }
        catch (InputException e) { throw Bad(field, e.Message, e.Key, e.Args); }
        // A hidden layer must keep its width and work along the features (GLU halves the width).
        try
        {
            var shape = a.OutputShape([2, 4]);
            if (shape.Length != 2 || shape[1] != 4 || shape[0] != 2) throw Bad(field, $"'{Show(spec!)}' changes the layer's width; a playground layer keeps its neurons.", "settings.widthChange", Show(spec!));
        }
        catch (InputException e) when (e is not SettingsException) { throw Bad(field, $"'{Show(spec!)}' cannot be a hidden layer: {e.Message}", "settings.notHidden", Show(spec!), Core.Localization.Texts.Nested(e)); }
        if (a is PreluActivation p && p.Weight.Length != 1) throw Bad(field, "PReLU in the playground learns one slope per layer (num-parameters=1).", "settings.prelu");
    }

    private static void Range(string field, double v, double lo, double hi)
    {
        if (!(v >= lo && v <= hi))
            throw Bad(field, string.Create(CultureInfo.InvariantCulture, $"{field} must be from {lo:G} to {hi:G}; got {v:G}."), "settings.range",
                new TextKey($"field.{field}"), lo.ToString("G", CultureInfo.InvariantCulture), hi.ToString("G", CultureInfo.InvariantCulture), v.ToString("G", CultureInfo.InvariantCulture));
    }

    private static SettingsException Bad(string field, string message, string? key = null, params object?[] args) => new(field, message) { Key = key, Args = args };
    private static string Show(string s) => InputException.Show(s ?? "");
}

/// <summary>The playground's limits, stated on the page and enforced on the server.</summary>
public static class Limits
{
    /// <summary>Hidden layers (the TensorFlow Playground allows 6).</summary>
    public const int Layers = 8;
    /// <summary>Neurons per hidden layer (the Playground allows 8).</summary>
    public const int Neurons = 32;
    /// <summary>Fewest points.</summary>
    public const int MinPoints = 20;
    /// <summary>Most points generated or uploaded rows used.</summary>
    public const int Points = 5000;
    /// <summary>Classes of spiral, blobs and uploads.</summary>
    public const int Classes = 8;
    /// <summary>Largest noise.</summary>
    public const double Noise = 0.5;
    /// <summary>Train percentage bounds.</summary>
    public const int MinTrainPercent = 10, MaxTrainPercent = 90;
    /// <summary>Learning-rate bounds.</summary>
    public const double MinLearningRate = 1e-5, MaxLearningRate = 10;
    /// <summary>Largest regularisation rate.</summary>
    public const double RegularizationRate = 10;
    /// <summary>Largest batch.</summary>
    public const int BatchSize = 1000;
    /// <summary>Most epochs between two pictures.</summary>
    public const int EpochsPerFrame = 1000;
    /// <summary>Largest seed (what a JavaScript number holds exactly).</summary>
    public const ulong Seed = (1UL << 53) - 1;
    /// <summary>Largest upload, in bytes.</summary>
    public const int UploadBytes = 10 << 20;
    /// <summary>Largest magnitude a weight may be set to by hand.</summary>
    public const float Weight = 100;
}
