using System.Text.Json;
using ActLab.Core.Data;
using ActLab.Core.Model;
using ActLab.Core.Serialization;
using ActLab.Core.Tensors;
using ActLab.Core.Training;
using ActLab.Kernels.Random;
using ActLab.Kernels.Softmax;

namespace ActLab.Core.Experiments;

/// <summary>A trained model loaded from a run folder, with what it needs to predict: classes, standardisation and
/// the output function (sigmoid, softmax or none).</summary>
public sealed class SavedModel
{
    private SavedModel() { }

    /// <summary>The model.</summary>
    public Sequential Model { get; private init; } = null!;
    /// <summary>The model spec.</summary>
    public string Spec { get; private init; } = "";
    /// <summary>The class labels in index order (empty for regression).</summary>
    public string[] Classes { get; private init; } = [];
    /// <summary>The label column's name in the training data.</summary>
    public string? LabelName { get; private init; }
    /// <summary>sigmoid | softmax | none, applied to outputs when predicting.</summary>
    public string PredictWith { get; private init; } = "none";
    /// <summary>The loss the model was trained with.</summary>
    public string Loss { get; private init; } = "";
    /// <summary>The task.</summary>
    public TaskKind Task { get; private init; }
    /// <summary>The run's data file, if config.json names one that still exists.</summary>
    public string? DataPath { get; private init; }
    /// <summary>The learning rate the run trained with (0.001 if not recorded).</summary>
    public double LearningRate { get; private init; } = 1e-3;

    /// <summary><see cref="DataPath"/>, or a clear error naming the option to use instead.</summary>
    public string RequireDataPath(string runDir) =>
        DataPath ?? throw new ArgumentException($"The run '{runDir}' does not name a data file that still exists; pass --data FILE.");
    private float[]? _mean, _std;

    /// <summary>Loads and checks a run folder.</summary>
    /// <exception cref="InvalidDataException">The folder is not a run, or a file is corrupt or inconsistent.</exception>
    public static SavedModel Load(string dir)
    {
        if (!Directory.Exists(dir)) throw new InvalidDataException($"--run '{dir}': no such folder.");
        string weights = Path.Combine(dir, "model.safetensors"), configPath = Path.Combine(dir, "config.json");
        if (!File.Exists(weights) || !File.Exists(configPath))
            throw new InvalidDataException($"--run '{dir}' is not a run folder: it needs config.json and model.safetensors (made by actlab train or actlab tutorial).");
        var (tensors, meta) = Safetensors.Read(weights);
        JsonElement config;
        try { config = JsonDocument.Parse(File.ReadAllText(configPath)).RootElement; }
        catch (JsonException e) { throw new InvalidDataException($"{configPath}: not valid JSON ({e.Message})."); }
        if (!meta.TryGetValue("actlab.model", out var spec)) throw new InvalidDataException($"{weights}: no 'actlab.model' in __metadata__; it was not written by ActLab.");
        var rng = new Pcg32(0);
        Sequential model;
        try { model = ModelSpec.Parse(spec, ref rng); }
        catch (ArgumentException e) { throw new InvalidDataException($"{weights}: its model spec '{spec}' is invalid: {e.Message}"); }
        foreach (var p in model.Parameters)
        {
            if (!tensors.TryGetValue(p.Name, out var t)) throw new InvalidDataException($"{weights}: tensor '{p.Name}' of '{spec}' is missing.");
            if (!t.Shape.SequenceEqual(p.Shape))
                throw new InvalidDataException($"{weights}: tensor '{p.Name}' has shape [{string.Join(",", t.Shape)}], the model needs [{string.Join(",", p.Shape)}].");
            t.Data.CopyTo(p.Value, 0);
        }
        string[] classes = meta.TryGetValue("actlab.labels", out var l) ? JsonSerializer.Deserialize<string[]>(l) ?? [] : [];
        var task = meta.TryGetValue("actlab.task", out var tk) && Enum.TryParse<TaskKind>(tk, true, out var k) ? k : TaskKind.Binary;
        float[]? mean = null, std = null;
        if (config.TryGetProperty("standardize", out var st) && st.ValueKind == JsonValueKind.Object)
        {
            mean = [.. st.GetProperty("mean").EnumerateArray().Select(v => v.GetSingle())];
            std = [.. st.GetProperty("std").EnumerateArray().Select(v => v.GetSingle())];
        }
        string predict = config.TryGetProperty("predict", out var pw) ? pw.GetString() ?? "none" : (spec.EndsWith("sigmoid", StringComparison.Ordinal) ? "sigmoid" : "none");
        string loss = config.TryGetProperty("loss", out var lo) ? lo.GetString() ?? "" : "";
        string? label = config.TryGetProperty("data", out var d) && d.TryGetProperty("label", out var ln) ? ln.GetString() : null;
        string? dataPath = config.TryGetProperty("data", out var dd) && dd.TryGetProperty("path", out var dp) && dp.GetString() is { } path && File.Exists(path) ? path : null;
        double lr = config.TryGetProperty("optimizer", out var o) && o.TryGetProperty("lr", out var lrv) && lrv.ValueKind == JsonValueKind.Number ? lrv.GetDouble() : 1e-3;
        return new SavedModel { Model = model, Spec = spec, Classes = classes, Task = task, PredictWith = predict, Loss = loss, LabelName = label, DataPath = dataPath, LearningRate = lr, _mean = mean, _std = std };
    }

    /// <summary>Outputs after the prediction function: probabilities [n, 1] (binary), [n, K] (classes) or values.</summary>
    public Tensor Predict(float[][] features)
    {
        int n = features.Length, d = Model.Layers.OfType<Linear>().First().In;
        var x = new Tensor(n, d);
        for (int i = 0; i < n; i++)
        {
            if (features[i].Length != d) throw new InvalidDataException($"The model takes {d} features; row {i + 1} has {features[i].Length}.");
            for (int j = 0; j < d; j++) x[i, j] = _mean is null ? features[i][j] : (features[i][j] - _mean[j]) / _std![j];
        }
        var raw = Model.Forward(x, training: false);
        var y = new Tensor((float[])raw.Data.Clone(), raw.Shape);
        bool sigmoidInModel = Spec.TrimEnd().EndsWith("sigmoid", StringComparison.Ordinal);
        if (PredictWith == "sigmoid" && !sigmoidInModel)
            for (int i = 0; i < y.Length; i++) y.Data[i] = 1 / (1 + MathF.Exp(-y.Data[i]));
        if (PredictWith == "softmax") SoftmaxKernels.Softmax(raw.Data, y.Data, raw.Shape, -1);
        return y;
    }
}
