using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using ActLab.Core.Model;
using ActLab.Core.Training;

namespace ActLab.Core.Serialization;

/// <summary>
/// A run folder: <c>config.json</c> (everything needed to replay the run), <c>metrics.csv</c> (one row per epoch),
/// <c>model.safetensors</c> (PyTorch state_dict names and layouts; architecture and labels in <c>__metadata__</c>)
/// and <c>summary.json</c>. Every file is written atomically.
/// </summary>
public static class RunRecord
{
    /// <summary>The ActLab version written into records.</summary>
    public static string Version => typeof(RunRecord).Assembly.GetName().Version?.ToString(3) ?? "0.0.0";

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    /// <summary>Writes config, metrics, weights and summary into <paramref name="dir"/>.</summary>
    public static void Write(string dir, JsonObject config, IReadOnlyList<EpochResult> metrics, Sequential model, string modelSpec, TaskKind task,
        IReadOnlyList<string> labels, JsonObject summary)
    {
        Directory.CreateDirectory(dir);
        config["actlabVersion"] = Version;
        AtomicFile.Write(Path.Combine(dir, "config.json"), config.ToJsonString(Indented) + "\n");
        var csv = new StringBuilder("epoch,train_loss,validation_loss,validation_accuracy\n");
        foreach (var m in metrics)
            csv.Append(CultureInfo.InvariantCulture, $"{m.Epoch},{Num(m.TrainLoss)},{Num(m.ValidationLoss)},{Num(m.ValidationAccuracy)}\n");
        AtomicFile.Write(Path.Combine(dir, "metrics.csv"), csv.ToString());
        var meta = new Dictionary<string, string>
        {
            ["format"] = "pt",
            ["actlab.model"] = modelSpec,
            ["actlab.task"] = task.ToString().ToLowerInvariant(),
            ["actlab.labels"] = JsonSerializer.Serialize(labels),
            ["actlab.version"] = Version,
        };
        AtomicFile.Write(Path.Combine(dir, "model.safetensors"), Safetensors.Serialize(model.Parameters.Select(p => new NamedTensor(p.Name, p.Shape, p.Value)), meta));
        summary["actlabVersion"] = Version;
        AtomicFile.Write(Path.Combine(dir, "summary.json"), summary.ToJsonString(Indented) + "\n");
    }

    private static string Num(double v) => double.IsNaN(v) ? "" : v.ToString("R", CultureInfo.InvariantCulture);
}
