using System.CommandLine;
using ActLab.Cli.Output;
using ActLab.Core.Interop;
using ActLab.Core.Runs;
using Spectre.Console;

namespace ActLab.Cli.Commands;

/// <summary><c>actlab export</c>: a run folder as a model another engine loads (ONNX Runtime, PyTorch).</summary>
internal static class ExportCommand
{
    public static Command Create(Io io)
    {
        var run = new Option<string>("--run") { Description = "The run folder to export.", Required = true };
        var format = new Option<string>("--format") { Description = "onnx: one .onnx file (standardisation, layers and prediction function; labels and spec in its metadata); pytorch: model.py (the same nn.Sequential, standardisation and labels) and the weights.", Required = true };
        var opset = new Option<int?>("--opset") { Description = $"ONNX opset, {OnnxExport.MinOpset}–{OnnxExport.MaxOpset} (default: the lowest at which every activation is a native operator; below that, activations are composed from primitive operators)." };
        var outDir = new Option<string>("--out") { Description = "onnx: the .onnx file; pytorch: the folder for model.py and model.safetensors.", Required = true };
        var force = new Option<bool>("--force") { Description = "Overwrite existing output." };
        var json = new Option<bool>("--json") { Description = "Print what was written as JSON." };
        var cmd = new Command("export", "Export a trained run for ONNX Runtime or PyTorch. The onnx format writes the whole inference graph, standardisation\n" +
            "included, with a dynamic batch dimension and the labels in its metadata. The pytorch format writes model.py, which\n" +
            "builds the same nn.Sequential (the same module indices, so load_state_dict of the run's weights works),\n" +
            "standardises inputs with the run's constants and maps outputs to its labels; it needs only torch.\n\n" +
            "Examples:\n  actlab export --run runs/fmnist --format onnx --out fmnist.onnx\n  actlab export --run runs/fmnist --format onnx --opset 13 --out fmnist13.onnx\n" +
            "  actlab export --run runs/fmnist --format pytorch --out fmnist-torch\n" +
            "  python3 -c \"import sys; sys.path.insert(0, 'fmnist-torch'); import model; m = model.load(); print(m)\"")
        { run, format, opset, outDir, force, json };
        cmd.SetAction(pr =>
        {
            string f = pr.GetValue(format)!.ToLowerInvariant();
            if (f is not ("onnx" or "pytorch")) throw UsageException.Of("error.export.format", f);
            if (f == "pytorch" && pr.GetValue(opset) is not null) throw UsageException.Of("error.export.opset");
            var loaded = TrainedRun.Load(pr.GetValue(run)!);
            string dir = pr.GetValue(outDir)!;
            if (f == "onnx")
            {
                if (Directory.Exists(dir)) throw UsageException.Of("error.export.onnxFolder", dir);
                int used = OnnxExport.Write(loaded, dir, pr.GetValue(opset), pr.GetValue(force));
                if (pr.GetValue(json))
                    Json.Write(io, new System.Text.Json.Nodes.JsonObject { ["format"] = "onnx", ["model"] = loaded.Definition.Canonical, ["opset"] = used, ["irVersion"] = OnnxExport.IrVersion(used), ["file"] = Path.GetFullPath(dir) });
                else
                    Terminal.For(io).WriteLine(io.Texts.Format("export.wroteOnnx", Path.GetFullPath(dir), loaded.Definition.Canonical, used, OnnxExport.IrVersion(used), loaded.Definition.Inputs));
                return Cli.Ok;
            }
            PyTorchExport.Write(loaded, dir, pr.GetValue(force));
            if (pr.GetValue(json))
            {
                Json.Write(io, new System.Text.Json.Nodes.JsonObject
                {
                    ["format"] = "pytorch", ["model"] = loaded.Definition.Canonical,
                    ["files"] = new System.Text.Json.Nodes.JsonArray([.. PyTorchExport.Files.Select(f => (System.Text.Json.Nodes.JsonNode?)Path.GetFullPath(Path.Combine(dir, f)))]),
                });
                return Cli.Ok;
            }
            Terminal.For(io).WriteLine(io.Texts.Format("export.wroteTorch", Path.GetFullPath(Path.Combine(dir, "model.py")), loaded.Definition.Canonical));
            return Cli.Ok;
        });
        return cmd;
    }
}
