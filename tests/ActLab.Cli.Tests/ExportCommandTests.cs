using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using ActLab.Core.Interop;
using ActLab.Core.Runs;
using static ActLab.Cli.Tests.CliRunner;

namespace ActLab.Cli.Tests;

/// <summary>actlab export --format pytorch, checked against PyTorch without Python: tools/reference/check_pytorch_export.py
/// trained a run per activation, loaded each exported model.py in PyTorch 1.13 and recorded its probabilities; here
/// the same runs are trained again (deterministic), their model.py must be the file PyTorch ran (SHA-256), and
/// ActLab's predictions must match PyTorch's.</summary>
public class ExportCommandTests
{
    private const double Tolerance = 1e-6; // float32 products summed in another order: PyTorch and ActLab differed by ≤ 1.4e-7

    private static readonly JsonElement Golden = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Golden", "pytorch_export.json"))).RootElement;

    // The script's data: blobs with 3 classes and the product of the two coordinates as a third feature.
    private static string Data(string dir)
    {
        string raw = Path.Combine(dir, "raw.csv"), data = Path.Combine(dir, "blobs.csv");
        Assert.Equal(0, Run("generate", "blobs", "--out", raw, "--samples", "300", "--classes", "3", "--seed", "3").ExitCode);
        var lines = File.ReadAllLines(raw);
        var header = lines[0].Split(',');
        using var w = new StreamWriter(data);
        w.WriteLine(string.Join(",", header[..2].Append("x1x2").Concat(header[2..])));
        foreach (var line in lines.Skip(1))
        {
            var c = line.Split(',');
            double product = double.Parse(c[0], CultureInfo.InvariantCulture) * double.Parse(c[1], CultureInfo.InvariantCulture);
            w.WriteLine(string.Join(",", c[..2].Append(product.ToString("R", CultureInfo.InvariantCulture)).Concat(c[2..])));
        }
        return data;
    }

    public static TheoryData<string> Activations =>
        [.. JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Golden", "pytorch_export.json"))).RootElement
            .GetProperty("models").EnumerateArray().Select(m => m.GetProperty("activation").GetString()!)];

    [Theory]
    [MemberData(nameof(Activations))]
    public void The_exported_model_is_the_one_PyTorch_ran_and_ActLab_predicts_what_PyTorch_did(string activation)
    {
        var entry = Golden.GetProperty("models").EnumerateArray().Single(m => m.GetProperty("activation").GetString() == activation);
        string dir = Directory.CreateTempSubdirectory("actlab-export-").FullName, data = Data(dir);
        string run = Path.Combine(dir, activation.Replace(':', '_').Replace(',', '_').Replace('=', '-'));
        var r = Run("train", "--data", data, "--model", entry.GetProperty("model").GetString()!, "--epochs", "2", "--standardize", "--seed", "1", "--out", run);
        Assert.True(r.ExitCode == 0, r.Err);
        var e = Run("export", "--run", run, "--format", "pytorch", "--out", run + "-torch");
        Assert.True(e.ExitCode == 0, e.Err);
        string sha = Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(Path.Combine(run + "-torch", "model.py")))).ToLowerInvariant();
        Assert.True(sha == entry.GetProperty("modelPySha256").GetString(),
            "model.py is not the file PyTorch ran: rerun /usr/bin/python3 tools/reference/check_pytorch_export.py after changing the exporter");
        Assert.Equal(File.ReadAllBytes(Path.Combine(run, "model.safetensors")), File.ReadAllBytes(Path.Combine(run + "-torch", "model.safetensors")));
        var rows = Golden.GetProperty("rows").EnumerateArray().Select(x => x.EnumerateArray().Select(v => (float)v.GetDouble()).ToArray()).ToArray();
        var ours = TrainedRun.Load(run).Predict(rows);
        var torch = entry.GetProperty("torchProbabilities").EnumerateArray().Select(x => x.EnumerateArray().Select(v => v.GetDouble()).ToArray()).ToArray();
        for (int i = 0; i < rows.Length; i++)
            for (int k = 0; k < torch[i].Length; k++)
                Assert.True(Math.Abs(ours[i, k] - torch[i][k]) <= Tolerance, $"{activation}: row {i}, class {k}: ActLab {ours[i, k]}, PyTorch {torch[i][k]}");
    }

    [Fact]
    public void Every_exportable_activation_of_the_catalogue_was_checked_in_PyTorch()
    {
        var checkedKeys = Golden.GetProperty("models").EnumerateArray().Select(m => ActLab.Kernels.Catalogue.Catalogue.Resolve(m.GetProperty("activation").GetString()!).Info.Key).ToHashSet();
        // softmax2d needs [C, H, W] images, so no MLP run can hold it (train refuses it).
        var missing = ActLab.Kernels.Catalogue.Catalogue.All.Select(i => i.Key).Where(k => k != "softmax2d" && !checkedKeys.Contains(k)).ToList();
        Assert.True(missing.Count == 0, $"not checked in PyTorch: {string.Join(", ", missing)}");
    }

    [Fact]
    public void Bad_export_requests_are_one_line_errors_and_write_nothing()
    {
        string dir = Directory.CreateTempSubdirectory("actlab-export-").FullName, data = Path.Combine(dir, "g.csv"), run = Path.Combine(dir, "run");
        Assert.Equal(0, Run("generate", "gaussians", "--out", data).ExitCode);
        Assert.Equal(0, Run("train", "--data", data, "--hidden", "4", "--epochs", "1", "--out", run).ExitCode);
        string target = Path.Combine(dir, "out");
        var bad = Run("export", "--run", run, "--format", "tflite", "--out", target);
        Assert.Equal(2, bad.ExitCode);
        Assert.Contains("--format 'tflite': use onnx or pytorch", bad.Err);
        var opset = Run("export", "--run", run, "--format", "pytorch", "--opset", "17", "--out", target);
        Assert.Equal(2, opset.ExitCode);
        Assert.Contains("--opset applies to --format onnx", opset.Err);
        var missing = Run("export", "--run", Path.Combine(dir, "nope"), "--format", "pytorch", "--out", target);
        Assert.Equal(2, missing.ExitCode);
        Assert.Contains("no such run folder", missing.Err);
        Assert.False(Directory.Exists(target));
        Assert.Equal(0, Run("export", "--run", run, "--format", "pytorch", "--out", target).ExitCode);
        var again = Run("export", "--run", run, "--format", "pytorch", "--out", target);
        Assert.Equal(2, again.ExitCode);
        Assert.Contains("exists; add --force", again.Err);
        Assert.Single(again.Err.Trim().Split('\n'));
        Assert.Equal(0, Run("export", "--run", run, "--format", "pytorch", "--out", target, "--force").ExitCode);

    }
}
