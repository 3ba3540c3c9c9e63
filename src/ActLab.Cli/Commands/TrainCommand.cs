using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using ActLab.Cli.Output;
using ActLab.Cli.Experiments;
using ActLab.Core.Data;
using ActLab.Core.Model;
using ActLab.Core.Runs;
using ActLab.Core.Training;

namespace ActLab.Cli.Commands;

internal static class TrainCommand
{
    public static Command Create(Io io)
    {
        var data = new Option<string>("--data") { Description = "The CSV file (a header row, feature columns, and a label column; - reads standard input), or an image data set: fashion-mnist or mnist (Debian's dataset-* package, pixels scaled to [0, 1], the official 60,000/10,000 split), or a folder of MNIST-style IDX files.", Required = true };
        var dataDir = new Option<string?>("--data-dir") { Description = "Where named image data sets are (default: $ACTLAB_DATA_DIR, else /usr/share/datasets)." };
        var label = new Option<string?>("--label") { Description = "The label column (default: the one column named label, target, class or y, else the last column). Integer labels with more than 50 values (or more than a tenth of the rows) are refused: pass --regression for a numeric target." };
        var model = new Option<string?>("--model") { Description = "A written model, e.g. \"linear(2,16) relu linear(16,1) sigmoid\" (overrides --hidden/--activation/--output)." };
        var hidden = new Option<string>("--hidden") { Description = "Hidden layer sizes, comma-separated (use --hidden \"\" for none).", DefaultValueFactory = _ => "16" };
        var activation = new Option<string>("--activation") { Description = "Hidden activation spec (see 'actlab list').", DefaultValueFactory = _ => "relu" };
        var output = new Option<string>("--output") { Description = "auto (sigmoid for 2 classes, softmax for more, none for a float target), sigmoid, softmax or none.", DefaultValueFactory = _ => "auto" };
        var loss = new Option<string>("--loss") { Description = "auto (from the model's last layer: bce after sigmoid, bce-logits or cross-entropy after a linear layer, nll after log-softmax, mse for a numeric target), or one of bce, bce-logits, cross-entropy, nll, mse, l1.", DefaultValueFactory = _ => "auto" };
        var optimizer = new Option<string>("--optimizer") { Description = "adam, adamw, sgd, rmsprop or adagrad.", DefaultValueFactory = _ => "adam" };
        var lr = new Option<double>("--lr") { Description = "Learning rate.", DefaultValueFactory = _ => 1e-3 };
        var momentum = new Option<double>("--momentum") { Description = "SGD momentum (sgd only).", DefaultValueFactory = _ => 0 };
        var wd = new Option<double?>("--weight-decay") { Description = "Weight decay (L2 for adam, sgd, rmsprop and adagrad, default 0; decoupled for adamw, default 0.01)." };
        var patience = new Option<int?>("--patience") { Description = "Early stopping: stop after N epochs without a better validation loss and keep the best weights." };
        var epochs = new Option<int>("--epochs") { Description = "Epochs.", DefaultValueFactory = _ => 100 };
        var batch = new Option<int>("--batch-size") { Description = "Training batch size (larger than the training rows: all of them).", DefaultValueFactory = _ => 32 };
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
        var threads = new Option<int?>("--threads") { Description = "Threads for the large matrix products and activation passes (default: every core; the result is the same to the bit)." };
        var plain = new Option<bool>("--plain") { Description = "Plain lines, no live status line (the default when output is redirected)." };
        var cmd = new Command("train", "Train a model on a CSV file and write a run folder: config.json, metrics.csv, model.safetensors, summary.json,\n" +
            "and a self-contained report.html with curves.png and decision-map.png. The folder appears whole when the run ends\n" +
            "(Ctrl-C stops after the current step and keeps the weights so far, exit 130).\n\n" +
            "Examples:\n  actlab generate gaussians --out g.csv\n  actlab train --data g.csv --hidden 16,16 --activation relu --epochs 200\n" +
            "  actlab train --data g.csv --model \"linear(2,1) sigmoid\" --lr 0.001 --epochs 1000 --out runs/logistic\n" +
            "  actlab train --data iris.csv --label species --activation gelu --standardize")
        { data, dataDir, label, model, hidden, activation, output, loss, optimizer, lr, momentum, wd, epochs, batch, dropLast, split, seed, weightSeed, standardize, regression, init, patience, printEvery, outDir, force, json, plain, threads };
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
                SplitGiven = pr.GetResult(split) is { Implicit: false },
                DataDir = pr.GetValue(dataDir),
                Seed = pr.GetValue(seed),
                WeightSeed = pr.GetValue(weightSeed),
                Standardize = pr.GetValue(standardize),
                Regression = pr.GetValue(regression),
                Init = Initializers.Parse(pr.GetValue(init)!),
                Patience = pr.GetValue(patience),
                Threads = pr.GetValue(threads),
            };
            if (settings.Threads is < 1) throw UsageException.Of("error.train.threads", settings.Threads);
            if (settings.Model is not null && (pr.GetResult(hidden) is { Implicit: false } || pr.GetResult(activation) is { Implicit: false } || pr.GetResult(output) is { Implicit: false }))
                throw UsageException.Of("error.train.modelAndHidden");
            string dir = pr.GetValue(outDir) ?? Path.Combine("runs", $"train-{DateTime.Now:yyyyMMdd-HHmmss}");
            RunWriter.Check(dir, pr.GetValue(force));
            RunWriter? writer = null;
            RunWriter Open() => writer = RunWriter.Create(dir, pr.GetValue(force));
            int every = pr.GetValue(printEvery) is > 0 and var p ? p : Math.Max(1, settings.Epochs / 10);
            bool quiet = pr.GetValue(json);
            var t = io.Texts;
            Action<string> write = io.Out.WriteLine;
            void Planned(TrainPlan plan)
            {
                if (quiet) return;
                var d = plan.Data;
                var inv = CultureInfo.InvariantCulture;
                string what = plan.Task == TaskKind.Regression
                    ? t.Format("train.task.regression", d.Targets.Min().ToString("G4", inv), d.Targets.Max().ToString("G4", inv))
                    : t.Format("train.task.classes", t[$"task.{Objectives.Name(plan.Task)}"], d.Classes.Length, Format.Shorten(string.Join(", ", d.Classes), 60));
                string how = d.LabelSource switch
                {
                    LabelSource.Name => t["train.label.byName"],
                    LabelSource.LastColumn => t["train.label.last"],
                    _ => "",
                };
                if (plan.Images is { } im)
                    write(t.Format("train.data.images", im.Name, im.Folder, im.TrainCount.ToString("N0", inv), plan.TrainRows.ToString("N0", inv), (im.TrainCount - plan.TrainRows).ToString("N0", inv), im.TestCount.ToString("N0", inv), d.FeatureNames.Length, what));
                else
                    write(t.Format("train.data.csv", d.Count.ToString("N0", inv), d.FeatureNames.Length, Format.Shorten(d.LabelName, 40), how, what));
                write(t.Format("train.model", plan.Model.Canonical, Objectives.Name(plan.Loss)));
                if (plan.BatchSize < settings.BatchSize)
                    write(t.Format("train.note.batch", settings.BatchSize, plan.TrainRows));
            }
            TrainResult result = null!;
            var lines = new EpochLines(settings.Epochs, every, line => { if (!quiet) write(line); }) { Texts = t };
            try
            {
                if (io.IsTerminal && !pr.GetValue(plain) && !quiet)
                {
                    // One status line redrawn in place, the epoch lines above it.
                    using var live = new LiveLine(io.Out);
                    write = live.WriteLine;
                    lines.Write = live.WriteLine;
                    string name = Reading.Name(settings.DataPath);
                    live.Update(t.Format(ImageDatasets.Recognizes(settings.DataPath) ? "train.loading" : "train.reading", name));
                    result = TrainRun.Run(settings with { Reading = p => live.Update(Reading.Text(name, p, io.Texts), throttle: true) }, Open, new Observers(lines, new TrainingProgress(live, settings.Epochs, io.Texts)), Planned, io.Cancellation);
                    live.Update(t["train.writing"]);
                    ActLab.Plotting.RunReport.Write(writer!.StagingPath, Path.GetFileName(writer.FinalPath), result.Data, io.Texts);
                    write = io.Out.WriteLine;
                }
                else
                {
                    result = TrainRun.Run(settings, Open, lines, Planned, io.Cancellation);
                    ActLab.Plotting.RunReport.Write(writer!.StagingPath, Path.GetFileName(writer.FinalPath), result.Data, io.Texts);
                }
                writer.Commit();
            }
            finally { writer?.Dispose(); }
            var fit = result.Fit;
            if (quiet)
            {
                var last = fit.History.Count > 0 ? fit.History[^1] : default;
                Json.Write(io, new JsonObject
                {
                    ["run"] = Path.GetFullPath(dir), ["status"] = RunSummary.StatusName(fit.Status), ["model"] = result.Config.Model, ["loss"] = result.Config.Loss,
                    ["task"] = result.Config.Task, ["epochs"] = fit.History.Count, ["bestEpoch"] = fit.BestEpoch, ["finalTrainLoss"] = Json.Number(last.TrainLoss),
                    ["validationAccuracy"] = Json.Number(result.ValidationAccuracy), ["testLoss"] = Json.Number(result.TestLoss), ["testAccuracy"] = Json.Number(result.TestAccuracy),
                    ["microsecondsPerStep"] = Json.Number(fit.MicrosecondsPerStep),
                });
            }
            else
            {
                var inv = CultureInfo.InvariantCulture;
                if (fit.Warning is not null) io.Out.WriteLine(t.Format("train.warning", fit.Warning));
                if (fit.Status == RunStatus.StoppedEarly) io.Out.WriteLine(t.Format("train.stoppedEarly", fit.History.Count, settings.Patience, fit.BestEpoch));
                if (!double.IsNaN(result.TestAccuracy)) io.Out.WriteLine(t.Format("train.test", result.TestLoss.ToString("F6", inv), result.TestAccuracy.ToString("0.000", inv)));
                else if (!double.IsNaN(result.TestLoss)) io.Out.WriteLine(t.Format("train.testLoss", result.TestLoss.ToString("F6", inv)));
                io.Out.WriteLine(t.Format("train.loop", fit.Steps.ToString("N0", inv), fit.MicrosecondsPerStep.ToString("0.###", inv)));
                io.Out.WriteLine(t.Format("train.written", Path.GetFullPath(dir)));
            }
            if (fit.Status == RunStatus.Diverged)
            {
                var text = new ActLab.Kernels.TextKey("train.divergedFolder", (object?)fit.MessageText ?? fit.Message, dir);
                throw new DivergedException(ActLab.Core.Localization.Texts.English.Format(text)) { Text = text };
            }
            if (fit.Status == RunStatus.Interrupted) return io.Fail(Cli.Interrupted, io.Texts.Format("train.interrupted", fit.History.Count, dir));
            return Cli.Ok;
        });
        return cmd;
    }

    /// <summary>The per-epoch lines (every N epochs).</summary>
    internal sealed class EpochLines(int epochs, int every, Action<string> write) : ITrainingObserver
    {
        public Action<string> Write { get; set; } = write;
        public ActLab.Core.Localization.Texts Texts { get; init; } = ActLab.Core.Localization.Texts.For(ActLab.Core.Localization.Language.En);

        public void OnEpoch(EpochResult r)
        {
            if (r.Epoch % every != 0 && r.Epoch != epochs) return;
            var inv = CultureInfo.InvariantCulture;
            string val = double.IsNaN(r.ValidationLoss) ? "" : Texts.Format("train.epochValidation", r.ValidationLoss.ToString("F6", inv));
            string acc = double.IsNaN(r.ValidationAccuracy) ? "" : Texts.Format("train.epochAccuracy", r.ValidationAccuracy.ToString("0.000", inv));
            Write(Texts.Format("train.epochLine", r.Epoch, epochs, r.TrainLoss.ToString("F6", inv), val, acc));
        }
    }

    internal static int[] ParseInts(string text, string option) => text.Trim().Length == 0 ? [] :
        [.. text.Split(',', StringSplitOptions.TrimEntries).Select((t, i) => int.TryParse(t, NumberStyles.None, CultureInfo.InvariantCulture, out int v) && v > 0 ? v
            : throw UsageException.Of("error.option.itemWhole", option, text, i + 1, t))];

    internal static double[] ParseDoubles(string text, string option) =>
        [.. text.Split(',', StringSplitOptions.TrimEntries).Select((t, i) => double.TryParse(t, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) ? v
            : throw UsageException.Of("error.option.itemNumber", option, text, i + 1, t))];
}
