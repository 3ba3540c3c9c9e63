using System.Globalization;
using System.Text.Json;
using ActLab.Core.Model;
using ActLab.Core.Serialization;
using ActLab.Core.Tensors;
using ActLab.Core.Training;
using ActLab.Kernels;
using ActLab.Kernels.Catalogue;
using ActLab.Kernels.Softmax;

namespace ActLab.Core.Runs;

/// <summary>Which rows of a data set to score.</summary>
public enum DataSplit
{
    /// <summary>The run's test split (its own data file only).</summary>
    Test,
    /// <summary>The run's validation split (its own data file only).</summary>
    Validation,
    /// <summary>The run's training split (its own data file only).</summary>
    Train,
    /// <summary>Every row.</summary>
    All,
}

/// <summary>A run folder that is missing, malformed, inconsistent or from a newer ActLab: the message names the file and the field.</summary>
public sealed class RunFormatException : InputException
{
    /// <summary>A problem worded by the caller (English only).</summary>
    public RunFormatException(string path, string message) : base("run", path, message) { }

    /// <summary>A problem worded by the text catalogue (<paramref name="text"/>'s English is the message).</summary>
    public RunFormatException(string path, TextKey text) : base("run", path, text, Localization.Texts.English.Format(text)) { }
}

/// <summary>
/// A run folder, loaded and checked: its config, summary, model (with the trained weights) and what predicting
/// needs (classes, feature names, standardisation, the prediction function). One reader for every command.
/// </summary>
public sealed class TrainedRun
{
    private const long MaxConfigBytes = 64L << 20;
    private static readonly Activation SigmoidKernel = Catalogue.Resolve("sigmoid");

    private TrainedRun(string dir, RunConfig config, RunSummary? summary, ModelDefinition definition, Sequential model, TaskKind task)
    {
        Directory = dir;
        Config = config;
        Summary = summary;
        Definition = definition;
        Model = model;
        Task = task;
        Prediction = Objectives.PredictionFor(task, definition);
    }

    /// <summary>The run folder.</summary>
    public string Directory { get; }
    /// <summary>config.json.</summary>
    public RunConfig Config { get; }
    /// <summary>summary.json, if present.</summary>
    public RunSummary? Summary { get; }
    /// <summary>The model's architecture.</summary>
    public ModelDefinition Definition { get; }
    /// <summary>The model with the run's weights.</summary>
    public Sequential Model { get; }
    /// <summary>The task.</summary>
    public TaskKind Task { get; }
    /// <summary>What turns outputs into probabilities.</summary>
    public PredictionFunction Prediction { get; }
    /// <summary>Class labels in output order (empty for regression).</summary>
    public IReadOnlyList<string> Classes => Config.Data.Classes;
    /// <summary>Feature names in input order.</summary>
    public IReadOnlyList<string> Features => Config.Data.Features;
    /// <summary>The label column's name.</summary>
    public string LabelName => Config.Data.Label;
    /// <summary>The loss the run trained with.</summary>
    public LossKind Loss => Objectives.ParseLoss(Config.Loss);

    /// <summary>Whether the run's own data can be read again: its CSV file (<see cref="DataPath"/>) or its image data set.</summary>
    public bool HasOwnData => DataPath is not null || Config.Data.Dataset is not null && Config.Data.Path is { } folder && System.IO.Directory.Exists(folder);

    /// <summary>Reads data for this model: <paramref name="data"/> (a CSV file, a FIFO, <c>-</c>, an image data set's
    /// name or a folder of IDX files), or, when null, the run's own data. Columns are matched to the model's features
    /// by name and labels to its classes; with <paramref name="featuresOnly"/> the label column may be absent.</summary>
    /// <exception cref="InputException">No data given and the run's own is gone, or the data does not fit the model.</exception>
    public Data.Dataset ReadData(string? data = null, bool featuresOnly = false, Action<Data.CsvProgress>? progress = null)
    {
        if (data is null)
        {
            if (Config.Data.Dataset is not null && Config.Data.Path is { } folder && System.IO.Directory.Exists(folder)) return Data.ImageDatasets.Load(folder).Data;
            data = DataPath ?? throw ActLab.Core.Localization.Texts.Error("data", Directory, "error.run.noData", InputException.Show(Directory));
        }
        if (Data.ImageDatasets.Recognizes(data))
        {
            var images = Data.ImageDatasets.Load(data).Data;
            if (!images.FeatureNames.SequenceEqual(Features))
                throw images.FeatureNames.Length == Features.Count
                    ? Localization.Texts.Error("data", data, "error.run.pixelNames", InputException.Show(data), images.FeatureNames.Length, images.FeatureNames[0], images.FeatureNames[^1], InputException.Show(string.Join(", ", Features.Take(3))), images.FeatureNames[1])
                    : Localization.Texts.Error("data", data, "error.run.pixelCount", InputException.Show(data), images.FeatureNames.Length, Features.Count, InputException.Show(string.Join(", ", Features.Take(3))));
            return images;
        }
        bool regression = Task == TaskKind.Regression;
        return featuresOnly
            ? Data.CsvTable.Read(data, LabelName, featuresOnly: true, features: Features, progress: progress)
            : Data.CsvTable.Read(data, LabelName, regression, regression ? null : Classes, features: Features, progress: progress);
    }

    /// <summary>The run's data file resolved against the folder, or null if it is not recorded, no longer exists, is not
    /// a regular file, or no longer has the size the run recorded.</summary>
    public string? DataPath
    {
        get
        {
            if (Config.Data.Path is not { } p) return null;
            var file = new FileInfo(Path.Combine(Directory, p));
            if (!file.Exists || file.Attributes.HasFlag(FileAttributes.Directory)) return null;
            if (Config.Data.Bytes is long bytes && file.Length != bytes) return null;
            return file.FullName;
        }
    }

    /// <summary>Loads and validates a run folder: schema version, the architecture in config.json against the weights'
    /// metadata and shapes (before anything is allocated), finite weights, and consistent features, classes and
    /// standardisation.</summary>
    /// <exception cref="RunFormatException">Anything missing, malformed or inconsistent.</exception>
    public static TrainedRun Load(string dir)
    {
        if (!System.IO.Directory.Exists(dir)) throw new RunFormatException(dir, new ActLab.Kernels.TextKey("error.run.noFolder", InputException.Show(dir)));
        string weights = Path.Combine(dir, "model.safetensors"), configPath = Path.Combine(dir, "config.json"), summaryPath = Path.Combine(dir, "summary.json");
        if (!File.Exists(weights) || !File.Exists(configPath))
            throw new RunFormatException(dir, new ActLab.Kernels.TextKey("error.run.notRun", InputException.Show(dir)));
        var config = ReadJson<RunConfig>(configPath);
        RunSummary? summary = File.Exists(summaryPath) ? ReadJson<RunSummary>(summaryPath) : null;
        RunFormatException Bad(string file, string why) => new(dir, $"{file}: {why}");

        ModelDefinition definition;
        try { definition = ModelDefinition.Parse(config.Model); }
        catch (InputException e) { throw Bad(configPath, $"'model' is not a valid model ({e.Message})"); }
        if (definition.Canonical != config.Model) throw Bad(configPath, $"'model' is '{InputException.Show(config.Model)}', not in canonical form ('{definition.Canonical}')");
        TaskKind task;
        try { task = Objectives.ParseTask(config.Task); }
        catch (InputException e) { throw Bad(configPath, $"'task': {e.Message}"); }
        try { Objectives.ParseLoss(config.Loss); }
        catch (InputException e) { throw Bad(configPath, $"'loss': {e.Message}"); }
        if (config.Data.Features.Length != definition.Inputs)
            throw Bad(configPath, $"'data.features' lists {config.Data.Features.Length} features but the model takes {definition.Inputs}");
        if (config.Data.Features.Distinct().Count() != config.Data.Features.Length) throw Bad(configPath, "'data.features' names a feature twice");
        int classes = config.Data.Classes.Length;
        if (task == TaskKind.Regression ? classes != 0 : classes < 2 || (task == TaskKind.Binary) != (classes == 2))
            throw Bad(configPath, $"'task' is {config.Task} but 'data.classes' has {classes} classes");
        try { Objectives.ChooseLoss(task, classes, definition); }
        catch (InputException e) { throw Bad(configPath, $"the model does not fit the task: {e.Message}"); }
        if (config.Standardize is { } st)
        {
            if (st.Mean.Length != definition.Inputs || st.Std.Length != definition.Inputs)
                throw Bad(configPath, $"'standardize' has {st.Mean.Length} means and {st.Std.Length} standard deviations for {definition.Inputs} features");
            for (int j = 0; j < st.Std.Length; j++)
                if (!float.IsFinite(st.Mean[j]) || !(st.Std[j] > 0) || !float.IsFinite(st.Std[j]))
                    throw Bad(configPath, string.Create(CultureInfo.InvariantCulture, $"'standardize' of feature '{config.Data.Features[j]}' has mean {st.Mean[j]} and std {st.Std[j]}; the std must be finite and > 0"));
        }

        using var fs = OpenRegular(weights, dir);
        SafetensorsHeader header;
        try { header = Safetensors.ReadHeader(fs, weights, ModelDefinition.MaxParameters); }
        catch (InvalidDataException e) { throw new RunFormatException(dir, e.Message); }
        if (!header.Metadata.TryGetValue("actlab.model", out var metaModel))
            throw Bad(weights, "no 'actlab.model' in __metadata__; it was not written by ActLab");
        if (metaModel != config.Model)
            throw Bad(weights, $"its model '{InputException.Show(metaModel)}' differs from config.json's '{InputException.Show(config.Model)}' (the files come from different runs)");
        if (header.Metadata.TryGetValue("actlab.schemaVersion", out var sv) && (!int.TryParse(sv, NumberStyles.None, CultureInfo.InvariantCulture, out int v) || v > RunSchema.Version))
            throw Bad(weights, $"schema version {InputException.Show(sv)} is newer than this ActLab reads ({RunSchema.Version}); update ActLab");
        if (TensorMismatch(definition, header.Tensors.Select(t => (t.Name, t.Shape))) is { } why) throw Bad(weights, why);
        var byName = header.Tensors.ToDictionary(t => t.Name);

        var model = definition.Build(config.WeightSeed);
        foreach (var p in model.Parameters)
        {
            Safetensors.ReadData(fs, header, byName[p.Name], p.Value);
            for (int i = 0; i < p.Value.Length; i++)
                if (!float.IsFinite(p.Value[i])) throw Bad(weights, $"tensor '{p.Name}' holds {p.Value[i]} at index {i}; the weights must be finite");
        }
        return new TrainedRun(dir, config, summary, definition, model, task);
    }

    /// <summary>The state_dict names and shapes a definition's model has, in order.</summary>
    public static IReadOnlyList<(string Name, int[] Shape)> ExpectedTensors(ModelDefinition definition)
    {
        var list = new List<(string, int[])>();
        for (int i = 0; i < definition.Layers.Count; i++)
            switch (definition.Layers[i])
            {
                case LinearDefinition l: list.Add(($"{i}.weight", [l.Out, l.In])); list.Add(($"{i}.bias", [l.Out])); break;
                case ActivationDefinition { Activation: PreluActivation p }: list.Add(($"{i}.weight", [p.Weight.Length])); break;
            }
        return list;
    }

    /// <summary>Why <paramref name="tensors"/> are not the state_dict of <paramref name="definition"/>'s model (the first
    /// tensor missing, shaped otherwise, or extra), or null when they are. Run folders and imported weights are checked alike.</summary>
    public static string? TensorMismatch(ModelDefinition definition, IEnumerable<(string Name, int[] Shape)> tensors)
    {
        var expected = ExpectedTensors(definition);
        var given = tensors.ToList();
        var byName = given.ToDictionary(t => t.Name, t => t.Shape);
        foreach (var (name, shape) in expected)
        {
            if (!byName.TryGetValue(name, out var s)) return $"tensor '{name}' of '{definition.Canonical}' is missing";
            if (!s.SequenceEqual(shape)) return $"tensor '{name}' has shape [{string.Join(",", s)}], '{definition.Canonical}' needs [{string.Join(",", shape)}]";
        }
        foreach (var (name, _) in given)
            if (!expected.Any(e => e.Name == name)) return $"tensor '{InputException.Show(name)}' is not a parameter of '{definition.Canonical}'";
        return null;
    }

    /// <summary>Outputs after the prediction function: P(second class) [n, 1], class probabilities [n, K], or values.
    /// <paramref name="features"/> are in the run's feature order (<see cref="Features"/>).</summary>
    public Tensor Predict(float[][] features)
    {
        // In blocks of rows, so that a large data set is not held a second time as one input tensor (plus every
        // layer's activations at full height): each row's outputs are the same bits at any block height.
        const int Block = 4096;
        int n = features.Length, d = Definition.Inputs;
        Tensor? y = null;
        Tensor? x = null;
        for (int start = 0; start == 0 || start < n; start += Block)
        {
            int m = Math.Min(Block, n - start);
            if (x is null || x.Rows != m) x = new Tensor(m, d);
            for (int r = 0; r < m; r++)
            {
                int i = start + r;
                if (features[i].Length != d) throw ActLab.Core.Localization.Texts.Error("features", features[i].Length, "error.run.rowFeatures", d, i + 1, features[i].Length);
                features[i].CopyTo(x.Data, r * d);
            }
            StandardizeInPlace(x.Data.AsSpan(0, m * d), d);
            var raw = Model.Forward(x, training: false);
            y ??= new Tensor([n, .. raw.Shape[1..]]);
            int width = m == 0 ? 0 : raw.Length / m;
            raw.Data.AsSpan(0, m * width).CopyTo(y.Data.AsSpan(start * width));
        }
        switch (Prediction)
        {
            case PredictionFunction.Sigmoid: SigmoidKernel.Forward(y!.Data, y.Data); break;
            case PredictionFunction.Softmax: SoftmaxKernels.Softmax(y!.Data, y.Data, y.Shape, -1); break;
            case PredictionFunction.Exp: for (int i = 0; i < y!.Length; i++) y.Data[i] = MathF.Exp(y.Data[i]); break;
        }
        return y!;
    }

    /// <summary>Whether <paramref name="dataPath"/> is the file the run trained on.</summary>
    public bool IsOwnData(string dataPath) => Config.Data.Dataset is { } named
        ? dataPath == named || Config.Data.Path is { } folder && Path.GetFullPath(dataPath).TrimEnd('/') == folder.TrimEnd('/')
        : DataPath is { } own && Path.GetFullPath(dataPath) == own;

    /// <summary>The rows of <paramref name="split"/> in a data set of <paramref name="rows"/> rows read from
    /// <paramref name="dataPath"/>: the run's own partition (its split sizes and seed) for its own file, every row
    /// for <see cref="DataSplit.All"/>. Null means the default: the test split of the run's own file, else all rows.</summary>
    /// <remarks>Null means the held-out rows of the run's own file: its test split, else its validation split, else all
    /// rows (a run that held none out); for any other file, all rows.</remarks>
    /// <exception cref="InputException">A split of another file, a run without that split, or a file whose row count changed.</exception>
    public (int[] Rows, DataSplit Split) Rows(string dataPath, int rows, DataSplit? split) => Rows(IsOwnData(dataPath), Path.GetFileName(dataPath), rows, split);

    /// <summary>The rows of <paramref name="split"/> (default: the held-out rows) of the data the run trained on, as
    /// its caller already holds it (train passes its data to the report; the file is not read again).</summary>
    /// <exception cref="InputException">A run without that split, or a row count other than the run's.</exception>
    public (int[] Rows, DataSplit Split) OwnRows(int rows, DataSplit? split = null) => Rows(true, Config.Data.Path is { } p ? Path.GetFileName(p) : "the data", rows, split);

    private (int[] Rows, DataSplit Split) Rows(bool own, string dataName, int rows, DataSplit? split)
    {
        // The default is the held-out rows: the test split, else the validation split, else (a run that held none
        // out) every row, which callers then call training rows.
        var sizes0 = Config.SplitSizes;
        var chosen = split ?? (!own ? DataSplit.All
            : sizes0.Length > 2 && sizes0[2] > 0 ? DataSplit.Test
            : sizes0.Length > 1 && sizes0[1] > 0 ? DataSplit.Validation : DataSplit.All);
        if (chosen == DataSplit.All) return ([.. Enumerable.Range(0, rows)], chosen);
        string name = chosen.ToString().ToLowerInvariant();
        if (!own)
            throw ActLab.Core.Localization.Texts.Error("split", name, "error.run.splitOwnData", name, Config.Data.Path);
        if (rows != Config.Data.Rows)
            throw ActLab.Core.Localization.Texts.Error("data", dataName, "error.run.rowsChanged", dataName, rows, Config.Data.Rows, name);
        var sizes = Config.SplitSizes;
        int k = chosen switch { DataSplit.Train => 0, DataSplit.Validation => 1, _ => 2 };
        if (sizes.Length <= k || sizes[k] == 0) throw ActLab.Core.Localization.Texts.Error("split", name, "error.run.noSplit", name, string.Join("/", sizes));
        var parts = Config.Data.Dataset is not null
            ? Data.ImageDatasets.Partition(sizes[0] + sizes[1], sizes[2], sizes[1], Config.Seed)
            : Data.Split.Random(rows, sizes, Config.Seed);
        return (parts[k], chosen);
    }

    /// <summary>The rows of a row-major buffer (<paramref name="features"/> wide) standardised in place with the run's
    /// constants, if it has them: features as the model saw them in training, for the rows a command uses, without a
    /// copy of the data set.</summary>
    public void StandardizeInPlace(Span<float> rows, int features)
    {
        if (Config.Standardize is not { } st) return;
        for (int i = 0; i + features <= rows.Length; i += features)
            Data.Standardization.ApplyInPlace(rows.Slice(i, features), st.Mean, st.Std);
    }

    /// <summary>The predicted class index of each row of <see cref="Predict"/>'s output.</summary>
    public int[] Classify(Tensor probabilities, double threshold = 0.5)
    {
        var predicted = new int[probabilities.Rows];
        for (int i = 0; i < predicted.Length; i++)
        {
            var row = probabilities.Row(i);
            if (row.Length == 1) { predicted[i] = row[0] >= threshold ? 1 : 0; continue; }
            int best = 0;
            for (int k = 1; k < row.Length; k++) if (row[k] > row[best]) best = k;
            predicted[i] = best;
        }
        return predicted;
    }

    private static FileStream OpenRegular(string path, string dir)
    {
        var fs = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        if (!fs.CanSeek) { fs.Dispose(); throw new RunFormatException(dir, new ActLab.Kernels.TextKey("error.run.notRegular", path)); }
        return fs;
    }

    private static T ReadJson<T>(string path)
    {
        string dir = Path.GetDirectoryName(path)!;
        using var fs = OpenRegular(path, dir);
        if (fs.Length > MaxConfigBytes) throw new RunFormatException(dir, new ActLab.Kernels.TextKey("error.run.tooLarge", path, fs.Length, MaxConfigBytes));
        JsonDocument doc;
        try { doc = JsonDocument.Parse(fs); }
        catch (JsonException e) { throw new RunFormatException(dir, new ActLab.Kernels.TextKey("error.run.json", path, e.Message)); }
        using var _ = doc;
        if (doc.RootElement.ValueKind != JsonValueKind.Object) throw new RunFormatException(dir, new ActLab.Kernels.TextKey("error.run.notObject", path));
        if (!doc.RootElement.TryGetProperty("schemaVersion", out var sv) || sv.ValueKind != JsonValueKind.Number || !sv.TryGetInt32(out int version))
            throw new RunFormatException(dir, new ActLab.Kernels.TextKey("error.run.noSchema", path));
        if (version > RunSchema.Version)
            throw new RunFormatException(dir, new ActLab.Kernels.TextKey("error.run.newSchema", path, version, RunSchema.Version));
        if (version < 1) throw new RunFormatException(dir, new ActLab.Kernels.TextKey("error.run.badSchema", path, version));
        try { return doc.RootElement.Deserialize<T>(RunSchema.Json) ?? throw new JsonException("null"); }
        catch (JsonException e) { throw new RunFormatException(dir, new ActLab.Kernels.TextKey("error.run.field", path, e.Message)); }
    }
}
