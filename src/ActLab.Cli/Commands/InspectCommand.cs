using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using ActLab.Cli.Output;
using ActLab.Core.Analysis;
using ActLab.Core.Data;
using ActLab.Core.Runs;
using ActLab.Core.Model;
using ActLab.Core.Tensors;
using ActLab.Core.Training;
using Spectre.Console;

namespace ActLab.Cli.Commands;

internal static class InspectCommand
{
    // camelCase like every file; an update ratio of a zero weight matrix is NaN, written as "NaN".
    private static readonly JsonSerializerOptions StatsJson = new(RunSchema.Json) { NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals };

    public static Command Create(Io io)
    {
        var run = new Option<string?>("--run") { Description = "A trained run folder (its weights, loss, learning rate and data)." };
        var model = new Option<string?>("--model") { Description = "Or a model spec to inspect at initialisation, e.g. \"linear(2,32) sigmoid linear(32,32) sigmoid linear(32,1) sigmoid\"." };
        var data = new Option<string?>("--data") { Description = "The CSV to pass through the model (required with --model; default for --run: the run's data)." };
        var rows = new Option<int>("--rows") { Description = "At most this many rows form the batch.", DefaultValueFactory = _ => 2000 };
        var seed = new Option<ulong>("--seed") { Description = "Weight seed for --model.", DefaultValueFactory = _ => 0 };
        var init = new Option<string>("--init") { Description = "Initialiser for --model (as in train).", DefaultValueFactory = _ => "pytorch" };
        var lr = new Option<double?>("--lr") { Description = "Learning rate for the update ratio (default: the run's, or 0.001)." };
        var json = new Option<bool>("--json") { Description = "Print the statistics as JSON." };
        var at = new Option<string>("--at") { Description = "init (fresh weights: the run's seed and initialiser, or --seed/--init) or end (the run's trained weights).", DefaultValueFactory = _ => "end" };
        at.AcceptOnlyFromAmong("init", "end");
        var every = new Option<int>("--every") { Description = "Track over training: train with Adam for --epochs and show the statistics every N epochs (0 = off).", DefaultValueFactory = _ => 0 };
        var epochs = new Option<int>("--epochs") { Description = "Epochs for --every.", DefaultValueFactory = _ => 50 };
        var cmd = new Command("inspect", "Per-layer statistics on a batch: mean and std of pre-activations and activations, saturated and dead units,\n" +
            "gradient norms of weights and biases (the speed of learning), and lr·‖∇W‖/‖W‖ (CS231n's ≈ 1e-3 rule).\n\n" +
            "Examples:\n  actlab inspect --run runs/spiral\n" +
            "  actlab inspect --model \"linear(2,30) sigmoid linear(30,30) sigmoid linear(30,30) sigmoid linear(30,1) sigmoid\" --data spiral.csv\n" +
            "  actlab inspect --run runs/spiral --at init\n  actlab inspect --model \"linear(2,32) relu linear(32,32) relu linear(32,1)\" --data spiral.csv --lr 0.05 --every 10 --epochs 50")
        { run, model, data, rows, seed, init, lr, json, at, every, epochs };
        cmd.SetAction(pr =>
        {
            string? runDir = pr.GetValue(run), spec = pr.GetValue(model), dataPath = pr.GetValue(data);
            if ((runDir is null) == (spec is null)) throw UsageException.Of("error.inspect.runOrModel");
            int maxRows = pr.GetValue(rows);
            if (maxRows < 1) throw UsageException.Of("error.option.atLeast1", "--rows", maxRows);
            Sequential net;
            LossKind lossKind;
            double rate;
            Dataset ds;
            float[][] features;
            TrainedRun? standardize = null; // the rows used are standardised below, not the whole data set
            if (runDir is not null)
            {
                var saved = TrainedRun.Load(runDir);
                // --at init: the run's initial weights, from its model, initialiser and weight seed (as train draws them).
                net = pr.GetValue(at) == "init" ? saved.Definition.Build(saved.Config.WeightSeed, Initializers.Parse(saved.Config.Init)) : saved.Model;
                lossKind = saved.Loss;
                rate = pr.GetValue(lr) ?? saved.Config.Optimizer.Lr;
                if (dataPath is null && !saved.HasOwnData)
                    throw UsageException.Of("error.inspect.noData", runDir);
                string shown = dataPath ?? saved.Config.Data.Dataset ?? saved.DataPath!;
                ds = Reading.Show(io, shown, progress => saved.ReadData(dataPath, progress: progress));
                features = ds.Features;
                standardize = saved;
            }
            else
            {
                if (dataPath is null) throw UsageException.Of("error.inspect.modelNeedsData");
                var definition = ModelDefinition.Parse(spec!);
                ds = ImageDatasets.Recognizes(dataPath) ? ImageDatasets.Load(dataPath).Data : Reading.Show(io, dataPath, progress => CsvTable.Read(dataPath, progress: progress));
                if (definition.Inputs != ds.FeatureNames.Length)
                    throw UsageException.Of("error.inspect.inputs", definition.Inputs, ds.FeatureNames.Length);
                var task = ds.IsRegression ? TaskKind.Regression : Objectives.TaskFor(ds.Classes.Length);
                lossKind = Objectives.ChooseLoss(task, ds.Classes.Length, definition);
                net = definition.Build(pr.GetValue(seed), Initializers.Parse(pr.GetValue(init)!));
                rate = pr.GetValue(lr) ?? 1e-3;
                features = ds.Features;
            }
            string lossName = Objectives.Name(lossKind);
            int n = Math.Min(maxRows, ds.Count), d = ds.FeatureNames.Length;
            var x = new Tensor(n, d);
            for (int i = 0; i < n; i++) features[i].CopyTo(x.Data, i * d);
            standardize?.StandardizeInPlace(x.Data, d);
            var y = Objectives.TargetsAsColumn(lossKind) ? new Tensor(n, 1) : new Tensor(n);
            for (int i = 0; i < n; i++) y.Data[i] = ds.Targets[i];
            var loss = Objectives.CreateLoss(lossKind);
            int everyN = pr.GetValue(every);
            if (everyN < 0) throw UsageException.Of("error.inspect.every", everyN);
            if (everyN > 0) return Track(io, net, loss, x, y, rate, everyN, pr.GetValue(epochs), pr.GetValue(json));
            var stats = LayerInspector.Inspect(net, loss, x, y, rate);
            if (stats.Count == 0) throw UsageException.Of("error.inspect.noHidden");
            double profile = LayerInspector.GradientProfile(stats);
            if (pr.GetValue(json))
            {
                Json.Write(io, new JsonObject
                {
                    ["rows"] = n, ["loss"] = lossName, ["learningRate"] = rate, ["firstOverLastHiddenBiasGradientNorm"] = Json.Number(profile),
                    ["layers"] = new JsonArray([.. stats.Select(s => (JsonNode?)JsonSerializer.SerializeToNode(s, StatsJson))]),
                });
                return Cli.Ok;
            }
            var tx = io.Texts;
            var t = new FittedTable().Add(tx["inspect.col.layer"], 0).Add(tx["inspect.col.activation"], 0).Add(tx["inspect.col.units"], 6, align: Justify.Right).Add(tx["inspect.col.pre"], 7, align: Justify.Right)
                .Add(tx["inspect.col.act"], 3, align: Justify.Right).Add(tx["inspect.col.saturated"], 1, align: Justify.Right).Add(tx["inspect.col.dead"], 1, align: Justify.Right)
                .Add("‖∇W‖", 4, align: Justify.Right).Add("‖∇b‖", 2, align: Justify.Right).Add("lr·‖∇W‖/‖W‖", 5, align: Justify.Right);
            var inv = CultureInfo.InvariantCulture;
            foreach (var s in stats)
                t.Row(s.IsOutput ? tx.Format("inspect.outputLayer", s.Index) : s.Index.ToString(inv), s.Activation, s.Units.ToString(inv), string.Create(inv, $"{s.PreMean:0.###} ± {s.PreStd:0.###}"),
                    string.Create(inv, $"{s.ActMean:0.###} ± {s.ActStd:0.###}"), string.Create(inv, $"{s.SaturatedFraction:P0}"), string.Create(inv, $"{s.DeadFraction:P0}"),
                    s.WeightGradNorm.ToString("0.###e0", inv), s.BiasGradNorm.ToString("0.###e0", inv), s.UpdateRatio.ToString("0.##e0", inv));
            var console = Terminal.For(io);
            t.Write(console, tx["inspect.allColumns"], tx);
            string verdict = double.IsNaN(profile) ? "" : tx[profile < 0.25 ? "inspect.vanishing" : profile > 4 ? "inspect.growing" : "inspect.noVanishing"];
            console.WriteLine(tx.Format("inspect.summary", n, lossName, rate.ToString("G3", inv), LayerInspector.SaturationThreshold.ToString(inv)));
            console.WriteLine(double.IsNaN(profile)
                ? tx[stats.Count(s => !s.IsOutput) < 2 ? "inspect.profileOneLayer" : "inspect.profileZero"]
                : tx.Format("inspect.profile", profile.ToString("0.###", inv), verdict));
            return Cli.Ok;
        });
        return cmd;
    }

    // Trains on the whole batch in mini-batches of 32 (Adam, the one training loop) and inspects every N epochs, starting at epoch 0.
    private static int Track(Io io, Sequential net, Loss loss, Tensor x, Tensor y, double rate, int every, int epochs, bool json)
    {
        if (epochs < 1) throw UsageException.Of("error.option.atLeast1", "--epochs", epochs);
        var features = Enumerable.Range(0, x.Rows).Select(i => x.Row(i).ToArray()).ToArray();
        var targets = (float[])y.Data.Clone();
        var loader = new DataLoader(features, targets, [.. Enumerable.Range(0, x.Rows)], Math.Min(32, x.Rows), true, false, 7, y.Shape.Length == 2);
        var trainer = new Trainer(net, loss, new Adam(net.Parameters, rate));
        var snapshots = new JsonArray();
        var inv = CultureInfo.InvariantCulture;
        var tx = io.Texts;
        var table = new FittedTable().Add(tx["inspect.col.epoch"], 0, align: Justify.Right).Add(tx["inspect.col.layer"], 0).Add(tx["inspect.col.activation"], 1).Add(tx["inspect.col.act"], 3, align: Justify.Right)
            .Add(tx["inspect.col.saturated"], 2, align: Justify.Right).Add(tx["inspect.col.dead"], 2, align: Justify.Right).Add("‖δ‖", 2, align: Justify.Right).Add("lr·‖∇W‖/‖W‖", 4, align: Justify.Right);
        void Snapshot(int e)
        {
            var stats = LayerInspector.Inspect(net, loss, x, y, rate);
            snapshots.Add(new JsonObject { ["epoch"] = e, ["layers"] = new JsonArray([.. stats.Select(s => (JsonNode?)JsonSerializer.SerializeToNode(s, StatsJson))]) });
            foreach (var s in stats.Where(s => !s.IsOutput))
                table.Row(e.ToString(inv), s.Index.ToString(inv), s.Activation, string.Create(inv, $"{s.ActMean:0.###} ± {s.ActStd:0.###}"),
                    s.SaturatedFraction.ToString("P0", inv), s.DeadFraction.ToString("P0", inv), s.BiasGradNorm.ToString("0.###e0", inv), s.UpdateRatio.ToString("0.##e0", inv));
        }
        Snapshot(0);
        var fit = trainer.Fit(loader, null, new FitOptions { Epochs = epochs }, new EveryN(every, epochs, Snapshot), io.Cancellation);
        if (json) Json.Write(io, new JsonObject { ["rows"] = x.Rows, ["learningRate"] = rate, ["status"] = RunSummary.StatusName(fit.Status), ["snapshots"] = snapshots });
        else table.Write(Terminal.For(io), tx["inspect.allColumns"], tx);
        if (fit.Status == RunStatus.Diverged) throw new DivergedException(fit.Message!) { Text = fit.MessageText };
        return fit.Status == RunStatus.Interrupted ? io.Fail(Cli.Interrupted, tx["error.interrupted"]) : Cli.Ok;
    }

    private sealed class EveryN(int every, int last, Action<int> action) : ITrainingObserver
    {
        public void OnEpoch(EpochResult epoch)
        {
            if (epoch.Epoch % every == 0 || epoch.Epoch == last) action(epoch.Epoch);
        }
    }
}
