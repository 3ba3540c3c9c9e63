using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using ActLab.Cli.Output;
using ActLab.Core.Experiments;
using ActLab.Core.Model;
using ActLab.Core.Training;
using Spectre.Console;

namespace ActLab.Cli.Commands;

internal static class TrainCommand
{
    public static Command Create(Io io)
    {
        var data = new Option<string>("--data") { Description = "The CSV file: a header row, feature columns, and a label column.", Required = true };
        var label = new Option<string?>("--label") { Description = "The label column (default: the last column)." };
        var model = new Option<string?>("--model") { Description = "A written model, e.g. \"linear(2,16) relu linear(16,1) sigmoid\" (overrides --hidden/--activation/--output)." };
        var hidden = new Option<string>("--hidden") { Description = "Hidden layer sizes, comma-separated (use --hidden \"\" for none).", DefaultValueFactory = _ => "16" };
        var activation = new Option<string>("--activation") { Description = "Hidden activation spec (see 'actlab list').", DefaultValueFactory = _ => "relu" };
        var output = new Option<string>("--output") { Description = "auto (sigmoid for 2 classes, softmax for more, none for a float target), sigmoid, softmax or none.", DefaultValueFactory = _ => "auto" };
        var loss = new Option<string>("--loss") { Description = "auto (BCE, cross-entropy on logits, or MSE), bce, bce-logits, cross-entropy, mse or l1.", DefaultValueFactory = _ => "auto" };
        var optimizer = new Option<string>("--optimizer") { Description = "adam, adamw, sgd, rmsprop or adagrad.", DefaultValueFactory = _ => "adam" };
        var lr = new Option<double>("--lr") { Description = "Learning rate.", DefaultValueFactory = _ => 1e-3 };
        var momentum = new Option<double>("--momentum") { Description = "SGD momentum.", DefaultValueFactory = _ => 0 };
        var wd = new Option<double>("--weight-decay") { Description = "Weight decay (L2 for adam and sgd; decoupled for adamw, default 0.01 there).", DefaultValueFactory = _ => 0 };
        var epochs = new Option<int>("--epochs") { Description = "Epochs.", DefaultValueFactory = _ => 100 };
        var batch = new Option<int>("--batch-size") { Description = "Training batch size.", DefaultValueFactory = _ => 32 };
        var dropLast = new Option<bool>("--drop-last") { Description = "Drop a last, short training batch (as the tutorial's DataLoader)." };
        var split = new Option<string>("--split") { Description = "Train, validation and test fractions, summing to 1.", DefaultValueFactory = _ => "0.8,0.1,0.1" };
        var seed = new Option<ulong>("--seed") { Description = "Seed of the split and the shuffles (and of the weights unless --weight-seed is given).", DefaultValueFactory = _ => 0 };
        var weightSeed = new Option<ulong?>("--weight-seed") { Description = "Seed of the initial weights, separate from the data's (default: --seed)." };
        var standardize = new Option<bool>("--standardize") { Description = "Standardise features with the training split's mean and std (remembered with the model)." };
        var regression = new Option<bool>("--regression") { Description = "Treat a numeric label as a float target (regression)." };
        var init = new Option<string>("--init") { Description = "pytorch, xavier-uniform, xavier-normal, kaiming-uniform, kaiming-normal, lecun-normal, zeros, normal-1 or normal-0.01.", DefaultValueFactory = _ => "pytorch" };
        var printEvery = new Option<int>("--print-every") { Description = "Print a line every N epochs (default: about 10 lines).", DefaultValueFactory = _ => 0 };
        var outDir = new Option<string?>("--out") { Description = "The run folder (default: runs/train-<time>)." };
        var force = new Option<bool>("--force") { Description = "Allow --out to be a folder that already holds files." };
        var json = new Option<bool>("--json") { Description = "Print the summary as JSON." };
        var plain = new Option<bool>("--plain") { Description = "Plain lines, no progress bar." };
        var cmd = new Command("train", "Train a model on a CSV file and write a run folder: config.json, metrics.csv, model.safetensors, summary.json,\n" +
            "and a self-contained report.html with curves.png and decision-map.png.\n\n" +
            "Examples:\n  actlab generate gaussians --out g.csv\n  actlab train --data g.csv --hidden 16,16 --activation relu --epochs 200\n" +
            "  actlab train --data g.csv --model \"linear(2,1) sigmoid\" --lr 0.001 --epochs 1000 --out runs/logistic\n" +
            "  actlab train --data iris.csv --label species --activation gelu --standardize")
        { data, label, model, hidden, activation, output, loss, optimizer, lr, momentum, wd, epochs, batch, dropLast, split, seed, weightSeed, standardize, regression, init, printEvery, outDir, force, json, plain };
        cmd.SetAction(pr =>
        {
            var settings = new TrainSettings
            {
                DataPath = pr.GetValue(data)!,
                Label = pr.GetValue(label),
                Model = pr.GetValue(model),
                Hidden = ParseInts(pr.GetValue(hidden)!, "--hidden"),
                Activation = pr.GetValue(activation)!,
                Output = pr.GetValue(output)!,
                Loss = pr.GetValue(loss)!,
                Optimizer = pr.GetValue(optimizer)!,
                LearningRate = pr.GetValue(lr),
                Momentum = pr.GetValue(momentum),
                WeightDecay = pr.GetValue(wd),
                Epochs = pr.GetValue(epochs),
                BatchSize = pr.GetValue(batch),
                DropLast = pr.GetValue(dropLast),
                Split = ParseDoubles(pr.GetValue(split)!, "--split"),
                Seed = pr.GetValue(seed),
                WeightSeed = pr.GetValue(weightSeed),
                Standardize = pr.GetValue(standardize),
                Regression = pr.GetValue(regression),
                Init = Initializers.Parse(pr.GetValue(init)!),
            };
            if (settings.Model is null) ActLab.Kernels.Catalogue.Catalogue.Resolve(settings.Activation); // a bad activation fails before any work
            string dir = pr.GetValue(outDir) ?? Path.Combine("runs", $"train-{DateTime.Now:yyyyMMdd-HHmmss}");
            RunFolders.CheckWritable(dir, pr.GetValue(force));
            int every = pr.GetValue(printEvery) is > 0 and var p ? p : Math.Max(1, settings.Epochs / 10);
            bool quiet = pr.GetValue(json);
            void Line(EpochResult r)
            {
                if (quiet || (r.Epoch % every != 0 && r.Epoch != settings.Epochs)) return;
                string val = double.IsNaN(r.ValidationLoss) ? "" : string.Create(CultureInfo.InvariantCulture, $", Validation loss: {r.ValidationLoss:F6}");
                string acc = double.IsNaN(r.ValidationAccuracy) ? "" : string.Create(CultureInfo.InvariantCulture, $", accuracy: {r.ValidationAccuracy:0.000}");
                io.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Epoch [{r.Epoch}/{settings.Epochs}], Cost: {r.TrainLoss:F6}{val}{acc}"));
            }
            TrainResult result;
            if (io.IsTerminal && !pr.GetValue(plain) && !quiet)
            {
                result = null!;
                Terminal.For(io).Progress().AutoClear(true).Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
                    .Start(ctx =>
                    {
                        var task = ctx.AddTask("epochs", maxValue: settings.Epochs);
                        result = TrainRun.Run(settings, dir, r => { task.Value = r.Epoch; Line(r); });
                    });
            }
            else result = TrainRun.Run(settings, dir, Line);
            ActLab.Plotting.RunReport.Write(dir);
            if (quiet)
            {
                var last = result.Metrics.Count > 0 ? result.Metrics[^1] : default;
                Json.Write(io, new JsonObject
                {
                    ["run"] = Path.GetFullPath(dir), ["status"] = result.Diverged is null ? "completed" : "diverged", ["model"] = result.ModelSpec, ["loss"] = result.LossName,
                    ["task"] = result.Task.ToString().ToLowerInvariant(), ["epochs"] = result.Metrics.Count, ["finalTrainLoss"] = Json.Number(last.TrainLoss),
                    ["validationAccuracy"] = Json.Number(last.ValidationAccuracy), ["testLoss"] = Json.Number(result.TestLoss), ["testAccuracy"] = Json.Number(result.TestAccuracy),
                    ["microsecondsPerStep"] = Json.Number(result.MicrosecondsPerStep),
                });
            }
            else
            {
                io.Out.WriteLine($"Model: {result.ModelSpec}   Loss: {result.LossName}   Task: {result.Task.ToString().ToLowerInvariant()}");
                if (!double.IsNaN(result.TestAccuracy)) io.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Test loss: {result.TestLoss:F6}   Test accuracy: {result.TestAccuracy:0.000}"));
                else if (!double.IsNaN(result.TestLoss)) io.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Test loss: {result.TestLoss:F6}"));
                io.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Training loop: {result.Steps:N0} steps, {result.MicrosecondsPerStep:0.###} µs per step"));
                io.Out.WriteLine($"Run written to {Path.GetFullPath(dir)} (open report.html)");
            }
            if (result.Diverged is not null) throw new DivergedException(result.Diverged + $" The run folder {dir} holds the last good weights.");
            return Cli.Ok;
        });
        return cmd;
    }

    internal static int[] ParseInts(string text, string option) => text.Trim().Length == 0 ? [] :
        [.. text.Split(',', StringSplitOptions.TrimEntries).Select((t, i) => int.TryParse(t, NumberStyles.None, CultureInfo.InvariantCulture, out int v) && v > 0 ? v
            : throw new UsageException($"{option} '{text}': item {i + 1} '{t}' is not a whole number ≥ 1."))];

    internal static double[] ParseDoubles(string text, string option) =>
        [.. text.Split(',', StringSplitOptions.TrimEntries).Select((t, i) => double.TryParse(t, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) ? v
            : throw new UsageException($"{option} '{text}': item {i + 1} '{t}' is not a number."))];
}
