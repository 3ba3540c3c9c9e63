using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using ActLab.Cli.Output;
using ActLab.Core.Data;
using ActLab.Core.Experiments;
using ActLab.Core.Runs;
using ActLab.Core.Training;

namespace ActLab.Cli.Commands;

/// <summary>What evaluate and predict share: the run, the data read by column name, and the rows of a split.</summary>
internal static class Scored
{
    public static Option<string?> SplitOption() => new("--split")
    {
        Description = "Which rows to score: test, validation, train (the run's own split of its own data file) or all. Default: test for the run's own data file, all for any other file.",
    };

    public static (TrainedRun Model, Dataset Data, string What) Load(Io io, string run, string dataPath, string? split, bool labelled)
    {
        var model = TrainedRun.Load(run);
        DataSplit? chosen = split switch
        {
            null => null,
            "test" => DataSplit.Test, "validation" => DataSplit.Validation, "train" => DataSplit.Train, "all" => DataSplit.All,
            _ => throw UsageException.Of("error.evaluate.split", Format.Shorten(split, 40)),
        };
        var data = Reading.Show(io, dataPath, progress => model.ReadData(dataPath, featuresOnly: !labelled, progress));
        var (rows, used) = model.Rows(dataPath, data.Count, chosen);
        string file = Reading.Name(dataPath);
        var t = io.Texts;
        var inv = CultureInfo.InvariantCulture;
        string what = used == DataSplit.All
            ? t.Format("eval.all", data.Count.ToString("N0", inv), file, split is null && model.IsOwnData(dataPath) ? t["eval.allTrained"] : "")
            : t.Format("eval.split", t[$"split.{used.ToString().ToLowerInvariant()}"], file, rows.Length.ToString("N0", inv), data.Count.ToString("N0", inv), model.Config.Seed);
        return (model, used == DataSplit.All ? data : data.Subset(rows), what);
    }
}

internal static class EvaluateCommand
{
    public static Command Create(Io io)
    {
        var run = new Option<string>("--run") { Description = "A run folder written by actlab train or actlab tutorial.", Required = true };
        var data = new Option<string>("--data") { Description = "A CSV file with the model's feature columns (matched by name, in any order) and its label column.", Required = true };
        var split = Scored.SplitOption();
        var threshold = new Option<double>("--threshold") { Description = "Probability at which a binary prediction becomes class 1.", DefaultValueFactory = _ => 0.5 };
        var json = new Option<bool>("--json") { Description = "Print the report as JSON." };
        var cmd = new Command("evaluate", "Evaluate a trained model on a labelled CSV. Classes: loss, accuracy, precision/recall/F1 per class and their\n" +
            "macro averages, ROC AUC (two classes), confusion matrix. A numeric target: MSE, RMSE, MAE and R². On the run's own data\n" +
            "file only its test split is scored unless --split says otherwise, so training rows never inflate the result.\n\n" +
            "Examples:\n  actlab evaluate --run runs/tutorial --data runs/tutorial/data.csv\n  actlab evaluate --run runs/my-run --data new.csv --threshold 0.7 --json")
        { run, data, split, threshold, json };
        cmd.SetAction(pr =>
        {
            var (model, ds, what) = Scored.Load(io, pr.GetValue(run)!, pr.GetValue(data)!, pr.GetValue(split), labelled: true);
            var report = Evaluation.Run(model, ds, pr.GetValue(threshold));
            static JsonNode? N(double v) => double.IsFinite(v) ? JsonValue.Create(v) : null;
            if (pr.GetValue(json))
            {
                var o = new JsonObject { ["rows"] = report.Rows, ["scored"] = what, ["loss"] = N(report.Loss) };
                if (report.Regression is { } r)
                {
                    o["mse"] = N(r.Mse); o["rmse"] = N(r.Rmse); o["mae"] = N(r.Mae); o["r2"] = N(r.R2);
                }
                else
                {
                    var confusion = new JsonArray();
                    for (int i = 0; i < report.Confusion.GetLength(0); i++)
                        confusion.Add(new JsonArray([.. Enumerable.Range(0, report.Confusion.GetLength(1)).Select(j => (JsonNode?)report.Confusion[i, j])]));
                    o["accuracy"] = N(report.Accuracy);
                    o["macroPrecision"] = N(report.MacroPrecision); o["macroRecall"] = N(report.MacroRecall); o["macroF1"] = N(report.MacroF1);
                    if (model.Classes.Count == 2) o["rocAuc"] = N(report.RocAuc);
                    o["classes"] = new JsonArray([.. report.Classes.Select(c => (JsonNode?)new JsonObject
                    {
                        ["label"] = c.Label, ["precision"] = N(c.Precision), ["recall"] = N(c.Recall), ["f1"] = N(c.F1), ["support"] = c.Support,
                    })]);
                    o["confusion"] = confusion;
                }
                Json.Write(io, o);
                return Cli.Ok;
            }
            var inv = CultureInfo.InvariantCulture;
            var t = io.Texts;
            io.Out.WriteLine(t.Format("eval.scored", what));
            if (report.Regression is { } rr)
            {
                io.Out.WriteLine(t.Format("eval.regression", report.Rows, rr.Mse.ToString("G6", inv), rr.Rmse.ToString("G6", inv), rr.Mae.ToString("G6", inv), rr.R2.ToString("0.0000", inv)));
                return Cli.Ok;
            }
            string auc = double.IsNaN(report.RocAuc) ? "" : string.Create(inv, $"   ROC AUC: {report.RocAuc:0.000}");
            io.Out.WriteLine(t.Format("eval.summary", report.Rows, report.Loss.ToString("F6", inv), report.Accuracy.ToString("0.000", inv), auc));
            io.Out.WriteLine();
            // Columns padded by terminal cells, so Korean headers (two cells a syllable) stay aligned.
            io.Out.WriteLine($"{Format.PadRight(t["eval.class"], 12)} {Format.PadLeft(t["eval.precision"], 9)} {Format.PadLeft(t["eval.recall"], 7)} {Format.PadLeft("F1", 6)} {Format.PadLeft(t["eval.support"], 8)}");
            foreach (var c in report.Classes)
                io.Out.WriteLine(string.Create(inv, $"{Format.PadRight(Format.Shorten(c.Label, 12), 12)} {c.Precision,9:0.000} {c.Recall,7:0.000} {c.F1,6:0.000} {c.Support,8}"));
            io.Out.WriteLine(string.Create(inv, $"{Format.PadRight(t["eval.macro"], 12)} {report.MacroPrecision,9:0.000} {report.MacroRecall,7:0.000} {report.MacroF1,6:0.000} {report.Rows,8}"));
            io.Out.WriteLine();
            io.Out.WriteLine(t["eval.confusion"]);
            int k = report.Classes.Count;
            var sb = new StringBuilder($"{"",12}");
            foreach (var c in report.Classes) sb.Append(inv, $" {Format.Shorten(c.Label, 8),8}");
            io.Out.WriteLine(sb.ToString());
            for (int i = 0; i < k; i++)
            {
                sb.Clear().Append($"{Format.Shorten(report.Classes[i].Label, 12),-12}");
                for (int j = 0; j < k; j++) sb.Append(inv, $" {report.Confusion[i, j],8}");
                io.Out.WriteLine(sb.ToString());
            }
            return Cli.Ok;
        });
        return cmd;
    }
}

internal static class PredictCommand
{
    public static Command Create(Io io)
    {
        var run = new Option<string>("--run") { Description = "A run folder written by actlab train or actlab tutorial.", Required = true };
        var data = new Option<string>("--data") { Description = "A CSV file with the model's feature columns (matched by name, in any order; the label column, if present, is ignored).", Required = true };
        var split = Scored.SplitOption();
        var output = new Option<string?>("--out") { Description = "Write the predictions to this CSV file (default: print them)." };
        var threshold = new Option<double>("--threshold") { Description = "Probability at which a binary prediction becomes class 1.", DefaultValueFactory = _ => 0.5 };
        var force = new Option<bool>("--force") { Description = "Overwrite an existing --out file." };
        var json = new Option<bool>("--json") { Description = "Print the predictions as JSON (probabilities per class and the predicted class)." };
        var cmd = new Command("predict", "Predict with a trained model: probabilities and the predicted class for every row (or the value, for a\n" +
            "numeric target). On the run's own data file only its test split is predicted unless --split says otherwise.\n\n" +
            "Examples:\n  actlab predict --run runs/tutorial --data new.csv --out predictions.csv\n  actlab predict --run runs/tutorial --data new.csv --json")
        { run, data, split, output, threshold, force, json };
        cmd.SetAction(pr =>
        {
            double t = pr.GetValue(threshold);
            if (!(t > 0 && t < 1)) throw UsageException.Of("error.predict.threshold", t);
            string? path = pr.GetValue(output);
            if (path is not null && Directory.Exists(path)) throw UsageException.Of("error.out.isFolder", Format.Shorten(path, 60));
            if (path is not null && File.Exists(path) && !pr.GetValue(force)) throw UsageException.Of("error.out.optionExists", Format.Shorten(path, 60));
            var (model, ds, what) = Scored.Load(io, pr.GetValue(run)!, pr.GetValue(data)!, pr.GetValue(split), labelled: false);
            var y = model.Predict(ds.Features);
            var classOf = model.Task == TaskKind.Regression ? [] : model.Classify(y, t);
            var inv = CultureInfo.InvariantCulture;
            if (pr.GetValue(json))
            {
                var rows = new JsonArray();
                for (int i = 0; i < y.Rows; i++)
                {
                    var row = y.Row(i).ToArray();
                    if (model.Task == TaskKind.Regression) { rows.Add(new JsonObject { ["value"] = row[0] }); continue; }
                    var probabilities = new JsonObject();
                    if (row.Length == 1) { probabilities[model.Classes[0]] = 1 - row[0]; probabilities[model.Classes[1]] = row[0]; }
                    else for (int c = 0; c < row.Length; c++) probabilities[model.Classes[c]] = row[c];
                    rows.Add(new JsonObject { ["predicted"] = model.Classes[classOf[i]], ["probabilities"] = probabilities });
                }
                Json.Write(io, new JsonObject { ["scored"] = what, ["rows"] = y.Rows, ["predictions"] = rows });
                return Cli.Ok;
            }
            var sb = new StringBuilder();
            if (model.Task == TaskKind.Regression) sb.Append("prediction\n");
            else if (y.Cols == 1) sb.Append($"p_{model.Classes[1]},predicted\n");
            else sb.Append(string.Join(",", model.Classes.Select(c => $"p_{c}"))).Append(",predicted\n");
            for (int i = 0; i < y.Rows; i++)
            {
                sb.Append(string.Join(",", y.Row(i).ToArray().Select(v => v.ToString("R", inv))));
                if (model.Task != TaskKind.Regression) sb.Append(',').Append(model.Classes[classOf[i]]);
                sb.Append('\n');
            }
            if (path is null) io.Out.Write(sb.ToString());
            else
            {
                AtomicFile.Write(path, sb.ToString(), overwrite: pr.GetValue(force));
                io.Out.WriteLine(io.Texts.Format("predict.wrote", y.Rows, what, path));
            }
            return Cli.Ok;
        });
        return cmd;
    }
}
