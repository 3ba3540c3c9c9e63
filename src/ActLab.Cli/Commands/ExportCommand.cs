using System.CommandLine;
using ActLab.Cli.Output;
using ActLab.Core.Interop;
using ActLab.Core.Runs;
using Spectre.Console;

namespace ActLab.Cli.Commands;

/// <summary><c>actlab export</c>: a run folder as a model another engine loads (PyTorch; ONNX is not built yet).</summary>
internal static class ExportCommand
{
    public static Command Create(Io io)
    {
        var run = new Option<string>("--run") { Description = "The run folder to export.", Required = true };
        var format = new Option<string>("--format") { Description = "pytorch: model.py (the same nn.Sequential, standardisation and labels) and the weights.", DefaultValueFactory = _ => "pytorch" };
        var outDir = new Option<string>("--out") { Description = "The folder to write model.py and model.safetensors into.", Required = true };
        var force = new Option<bool>("--force") { Description = "Overwrite model.py and model.safetensors there." };
        var json = new Option<bool>("--json") { Description = "Print what was written as JSON." };
        var cmd = new Command("export", "Export a trained run for another engine (PyTorch for now). The pytorch format writes model.py, which builds the same nn.Sequential\n" +
            "(the same module indices, so load_state_dict of the run's weights works), standardises inputs with the run's\n" +
            "constants and maps outputs to its labels; it needs only torch.\n\n" +
            "Examples:\n  actlab export --run runs/fmnist --format pytorch --out fmnist-torch\n" +
            "  python3 -c \"import sys; sys.path.insert(0, 'fmnist-torch'); import model; m = model.load(); print(m)\"")
        { run, format, outDir, force, json };
        cmd.SetAction(pr =>
        {
            string f = pr.GetValue(format)!;
            if (!string.Equals(f, "pytorch", StringComparison.OrdinalIgnoreCase))
                throw new UsageException($"--format '{f}': only pytorch is available (ONNX export is not built yet).");
            var loaded = TrainedRun.Load(pr.GetValue(run)!);
            string dir = pr.GetValue(outDir)!;
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
            Terminal.For(io).WriteLine($"Wrote {Path.GetFullPath(Path.Combine(dir, "model.py"))} and model.safetensors: {loaded.Definition.Canonical}. In Python: import model; m = model.load(); model.predict(m, rows).");
            return Cli.Ok;
        });
        return cmd;
    }
}
