using System.CommandLine;
using ActLab.Cli.Output;
using ActLab.Core.Interop;
using Spectre.Console;

namespace ActLab.Cli.Commands;

/// <summary><c>actlab import</c>: a run folder from a PyTorch state_dict saved as safetensors.</summary>
internal static class ImportCommand
{
    public static Command Create(Io io)
    {
        var weights = new Option<string>("--weights") { Description = "A state_dict saved with safetensors.torch.save_file(model.state_dict(), FILE): F32 tensors named 0.weight, 0.bias, ...", Required = true };
        var model = new Option<string>("--model") { Description = "The nn.Sequential it is from, as an ActLab model spec, e.g. \"linear(784,256) relu linear(256,10)\" (module i is layer i).", Required = true };
        var labels = new Option<string?>("--labels") { Description = "Class labels in output order, comma-separated (two: binary; more: multi-class; none: regression)." };
        var features = new Option<string?>("--features") { Description = "Feature names in input order, comma-separated (default: the columns of --standardize-from, else feature1..n)." };
        var standardizeFrom = new Option<string?>("--standardize-from") { Description = "A CSV whose feature columns give the standardisation constants (mean and std over its rows), for a model trained on standardised inputs." };
        var label = new Option<string?>("--label") { Description = "The label column of --standardize-from, left out of the features (default: the last column)." };
        var outDir = new Option<string>("--out") { Description = "The run folder to write.", Required = true };
        var force = new Option<bool>("--force") { Description = "Allow --out to be a folder that already holds files." };
        var json = new Option<bool>("--json") { Description = "Print the imported run as JSON." };
        var cmd = new Command("import", "Make a run folder from a PyTorch model's weights, so that evaluate, predict, inspect and plot work on it. The\n" +
            "weights are checked against the spec: every tensor named and shaped as that nn.Sequential's state_dict, F32, finite.\n\n" +
            "Examples:\n  actlab import --weights model.safetensors --model \"linear(2,16) relu linear(16,1)\" --labels 0,1 --out runs/from-torch\n" +
            "  actlab import --weights fmnist.safetensors --model \"linear(784,256) relu linear(256,10)\" --labels T-shirt,Trouser,... --out runs/fm")
        { weights, model, labels, features, standardizeFrom, label, outDir, force, json };
        cmd.SetAction(pr =>
        {
            static IReadOnlyList<string>? List(string? s) => s is null ? null : [.. s.Split(',', StringSplitOptions.TrimEntries)];
            var run = PyTorchImport.Import(new ImportOptions
            {
                Weights = pr.GetValue(weights)!,
                Model = pr.GetValue(model)!,
                Labels = List(pr.GetValue(labels)) ?? [],
                Features = List(pr.GetValue(features)),
                StandardizeFrom = pr.GetValue(standardizeFrom),
                Label = pr.GetValue(label),
            }, pr.GetValue(outDir)!, pr.GetValue(force));
            if (pr.GetValue(json))
            {
                Json.Write(io, new System.Text.Json.Nodes.JsonObject
                {
                    ["run"] = Path.GetFullPath(run.Directory), ["model"] = run.Definition.Canonical, ["task"] = run.Config.Task,
                    ["classes"] = new System.Text.Json.Nodes.JsonArray([.. run.Classes.Select(c => (System.Text.Json.Nodes.JsonNode?)c)]),
                    ["features"] = run.Features.Count, ["standardized"] = run.Config.Standardize is not null,
                });
                return Cli.Ok;
            }
            Terminal.For(io).WriteLine(io.Texts.Format(run.Classes.Count > 0 ? "import.doneClasses" : "import.done", run.Definition.Canonical, run.Task.ToString().ToLowerInvariant(), string.Join(", ", run.Classes), Path.GetFullPath(run.Directory), pr.GetValue(outDir)));
            return Cli.Ok;
        });
        return cmd;
    }
}
