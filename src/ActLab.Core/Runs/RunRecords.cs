using System.Text.Json;
using System.Text.Json.Serialization;

namespace ActLab.Core.Runs;

/// <summary>The schema of a run folder. Readers accept this version and refuse a newer one (docs/architecture.md).</summary>
public static class RunSchema
{
    /// <summary>The schema version written into config.json, summary.json and the weights' metadata.</summary>
    public const int Version = 1;

    /// <summary>The ActLab version written into records.</summary>
    public static string ActLabVersion => typeof(RunSchema).Assembly.GetName().Version?.ToString(3) ?? "0.0.0";

    /// <summary>The widest accelerated SIMD vector of this process, in bits.</summary>
    public static int VectorBits =>
        System.Runtime.Intrinsics.Vector512.IsHardwareAccelerated ? 512 : System.Runtime.Intrinsics.Vector256.IsHardwareAccelerated ? 256
        : System.Runtime.Intrinsics.Vector128.IsHardwareAccelerated ? 128 : 0;

    /// <summary>The JSON conventions of every file ActLab writes: camelCase, indented, nulls left out.</summary>
    public static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        NumberHandling = JsonNumberHandling.Strict,
        // Files people read: "×" and "+" as they are, not \u00D7 (these files are never embedded in HTML).
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Converters = { new FiniteDoubleConverter(), new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    /// <summary>JSON has no NaN or infinity: a non-finite double is written as null (and read back as NaN), so every
    /// number in ActLab's JSON is a JSON number or null.</summary>
    public sealed class FiniteDoubleConverter : JsonConverter<double>
    {
        /// <inheritdoc/>
        public override double Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            reader.TokenType == JsonTokenType.Null ? double.NaN : reader.GetDouble();

        /// <inheritdoc/>
        public override void Write(Utf8JsonWriter writer, double value, JsonSerializerOptions options)
        {
            if (double.IsFinite(value)) writer.WriteNumberValue(value);
            else writer.WriteNullValue();
        }

        /// <inheritdoc/>
        public override bool HandleNull => true;
    }
}

/// <summary>Where the data came from and what its columns mean.</summary>
public sealed record DataRecord
{
    /// <summary>The data file: absolute, or relative to the run folder (the tutorial keeps its data.csv inside); null when
    /// the data came from standard input.</summary>
    public string? Path { get; init; }
    /// <summary>A generator's description, for generated data.</summary>
    public string? Generator { get; init; }
    /// <summary>A named image data set (fashion-mnist, mnist, or a folder's name) read from the IDX files in
    /// <see cref="Path"/>: its rows are the official training images then the test images, and its split is the
    /// official one with the validation set drawn from the training images by the seed.</summary>
    public string? Dataset { get; init; }
    /// <summary>Rows read.</summary>
    public int Rows { get; init; }
    /// <summary>The bytes read when the run trained (a file's size): a run follows <see cref="Path"/> only to a file of
    /// this size (an edited config.json cannot point a command at another file).</summary>
    public long? Bytes { get; init; }
    /// <summary>Feature column names, in the model's input order.</summary>
    public required string[] Features { get; init; }
    /// <summary>The label column's name.</summary>
    public required string Label { get; init; }
    /// <summary>Class labels in output order (empty for regression).</summary>
    public required string[] Classes { get; init; }
}

/// <summary>The optimizer as used.</summary>
public sealed record OptimizerRecord
{
    /// <summary>adam, adamw, sgd, rmsprop or adagrad.</summary>
    public required string Name { get; init; }
    /// <summary>Learning rate.</summary>
    public required double Lr { get; init; }
    /// <summary>SGD momentum (0 otherwise).</summary>
    public double Momentum { get; init; }
    /// <summary>Weight decay as applied (AdamW's default 0.01 is recorded as 0.01).</summary>
    public double WeightDecay { get; init; }
}

/// <summary>Feature standardisation constants: x′ = (x − mean)/std, from the training split.</summary>
public sealed record StandardizationRecord
{
    /// <summary>Per-feature mean.</summary>
    public required float[] Mean { get; init; }
    /// <summary>Per-feature standard deviation (&gt; 0).</summary>
    public required float[] Std { get; init; }
}

/// <summary>config.json: everything needed to replay a run and to use its model.</summary>
public sealed record RunConfig
{
    /// <summary>The schema version.</summary>
    public int SchemaVersion { get; init; } = RunSchema.Version;
    /// <summary>What made the run: train or tutorial.</summary>
    public required string Experiment { get; init; }
    /// <summary>The data.</summary>
    public required DataRecord Data { get; init; }
    /// <summary>binary, multiclass or regression.</summary>
    public required string Task { get; init; }
    /// <summary>The model's canonical spec.</summary>
    public required string Model { get; init; }
    /// <summary>The initialiser's name.</summary>
    public required string Init { get; init; }
    /// <summary>The loss's name.</summary>
    public required string Loss { get; init; }
    /// <summary>The optimizer.</summary>
    public required OptimizerRecord Optimizer { get; init; }
    /// <summary>Epochs asked for.</summary>
    public int Epochs { get; init; }
    /// <summary>Training batch size as used.</summary>
    public int BatchSize { get; init; }
    /// <summary>Validation/test batch size, where it differs.</summary>
    public int? EvalBatchSize { get; init; }
    /// <summary>Whether a short last training batch was dropped.</summary>
    public bool DropLast { get; init; }
    /// <summary>Early-stopping patience, if any.</summary>
    public int? Patience { get; init; }
    /// <summary>Train/validation/test fractions, if given as fractions.</summary>
    public double[]? Split { get; init; }
    /// <summary>Rows in each split.</summary>
    public required int[] SplitSizes { get; init; }
    /// <summary>Seed of the split and the shuffles.</summary>
    public ulong Seed { get; init; }
    /// <summary>Seed of the initial weights and dropout masks.</summary>
    public ulong WeightSeed { get; init; }
    /// <summary>Standardisation constants, if the features were standardised.</summary>
    public StandardizationRecord? Standardize { get; init; }
    /// <summary>The ActLab version that wrote it.</summary>
    public string ActlabVersion { get; init; } = RunSchema.ActLabVersion;
}

/// <summary>summary.json: how the run ended and what it measured. Non-finite values are null.</summary>
public sealed record RunSummary
{
    /// <summary>The schema version.</summary>
    public int SchemaVersion { get; init; } = RunSchema.Version;
    /// <summary>completed, stopped-early, unstable, diverged or interrupted.</summary>
    public required string Status { get; init; }
    /// <summary>Why it diverged, if it did.</summary>
    public string? Message { get; init; }
    /// <summary>A warning about a run that finished (status unstable: its weights exploded).</summary>
    public string? Warning { get; init; }
    /// <summary>Completed epochs.</summary>
    public int Epochs { get; init; }
    /// <summary>The epoch with the lowest validation loss (0 without validation).</summary>
    public int BestEpoch { get; init; }
    /// <summary>The last epoch's training loss.</summary>
    public double? FinalTrainLoss { get; init; }
    /// <summary>The last epoch's training accuracy.</summary>
    public double? FinalTrainAccuracy { get; init; }
    /// <summary>Validation loss of the saved weights.</summary>
    public double? ValidationLoss { get; init; }
    /// <summary>Validation accuracy of the saved weights.</summary>
    public double? ValidationAccuracy { get; init; }
    /// <summary>Test loss of the saved weights.</summary>
    public double? TestLoss { get; init; }
    /// <summary>Test accuracy of the saved weights.</summary>
    public double? TestAccuracy { get; init; }
    /// <summary>Optimizer steps.</summary>
    public long Steps { get; init; }
    /// <summary>Seconds in training steps.</summary>
    public double TrainingLoopSeconds { get; init; }
    /// <summary>Microseconds per step.</summary>
    public double? MicrosecondsPerStep { get; init; }
    /// <summary>The ActLab version that wrote it.</summary>
    public string ActlabVersion { get; init; } = RunSchema.ActLabVersion;
    /// <summary>The widest SIMD vector the run used, in bits (512, 256, 128, or 0 for none): results are bit-identical
    /// between 256 and 512 (docs/architecture.md).</summary>
    public int VectorBits { get; init; } = RunSchema.VectorBits;

    /// <summary>The status name of <paramref name="s"/>.</summary>
    public static string StatusName(Training.RunStatus s) => s switch
    {
        Training.RunStatus.Completed => "completed", Training.RunStatus.StoppedEarly => "stopped-early",
        Training.RunStatus.Diverged => "diverged", Training.RunStatus.Unstable => "unstable", _ => "interrupted",
    };

    /// <summary>A double as a JSON value: null when not finite.</summary>
    public static double? Finite(double v) => double.IsFinite(v) ? v : null;
}
