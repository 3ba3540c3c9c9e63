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

internal static class EvaluateCommand
{
    public static Command Create(Io io)
    {
        var run = new Option<string>("--run") { Description = "A run folder written by actlab train or actlab tutorial.", Required = true };
        var data = new Option<string>("--data") { Description = "A CSV file with the model's feature columns (matched by name, in any order) and its label column.", Required = true };
        var threshold = new Option<double>("--threshold") { Description = "Probability at which a binary prediction becomes class 1.", DefaultValueFactory = _ => 0.5 };
        var json = new Option<bool>("--json") { Description = "Print the report as JSON." };
        var cmd = new Command("evaluate", "Evaluate a trained model on a labelled CSV: loss, accuracy, precision/recall/F1 per class, confusion matrix.\n\n" +
            "Examples:\n  actlab evaluate --run runs/tutorial --data binary_data.csv\n  actlab evaluate --run runs/my-run --data test.csv --threshold 0.7 --json")
        { run, data, threshold, json };
        cmd.SetAction(pr =>
        {
            var model = TrainedRun.Load(pr.GetValue(run)!);
            var ds = CsvTable.Read(pr.GetValue(data)!, model.LabelName, model.Task == TaskKind.Regression, model.Task == TaskKind.Regression ? null : model.Classes,
                features: model.Features);
            var report = Evaluation.Run(model, ds, pr.GetValue(threshold));
            if (pr.GetValue(json))
            {
                var confusion = new JsonArray();
                for (int i = 0; i < report.Confusion.GetLength(0); i++)
                    confusion.Add(new JsonArray([.. Enumerable.Range(0, report.Confusion.GetLength(1)).Select(j => (JsonNode?)report.Confusion[i, j])]));
                Json.Write(io, new JsonObject
                {
                    ["rows"] = report.Rows, ["loss"] = Json.Number(report.Loss), ["accuracy"] = Json.Number(report.Accuracy),
                    ["classes"] = new JsonArray([.. report.Classes.Select(c => (JsonNode?)new JsonObject
                    {
                        ["label"] = c.Label, ["precision"] = Json.Number(c.Precision), ["recall"] = Json.Number(c.Recall), ["f1"] = Json.Number(c.F1), ["support"] = c.Support,
                    })]),
                    ["confusion"] = confusion,
                });
                return Cli.Ok;
            }
            var inv = CultureInfo.InvariantCulture;
            io.Out.WriteLine(string.Create(inv, $"Rows: {report.Rows}   Loss: {report.Loss:F6}{(double.IsNaN(report.Accuracy) ? "" : $"   Accuracy: {report.Accuracy:0.000}")}"));
            if (report.Classes.Count > 0)
            {
                io.Out.WriteLine();
                io.Out.WriteLine("class        precision  recall     F1  support");
                foreach (var c in report.Classes)
                    io.Out.WriteLine(string.Create(inv, $"{c.Label,-12} {c.Precision,9:0.000} {c.Recall,7:0.000} {c.F1,6:0.000} {c.Support,8}"));
                io.Out.WriteLine();
                io.Out.WriteLine("confusion (rows: true class, columns: predicted)");
                int k = report.Classes.Count;
                var sb = new StringBuilder($"{"",12}");
                foreach (var c in report.Classes) sb.Append(inv, $" {c.Label,8}");
                io.Out.WriteLine(sb.ToString());
                for (int i = 0; i < k; i++)
                {
                    sb.Clear().Append($"{report.Classes[i].Label,-12}");
                    for (int j = 0; j < k; j++) sb.Append(inv, $" {report.Confusion[i, j],8}");
                    io.Out.WriteLine(sb.ToString());
                }
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
        var output = new Option<string?>("--out") { Description = "Write the predictions to this CSV file (default: print them)." };
        var threshold = new Option<double>("--threshold") { Description = "Probability at which a binary prediction becomes class 1.", DefaultValueFactory = _ => 0.5 };
        var force = new Option<bool>("--force") { Description = "Overwrite an existing --out file." };
        var cmd = new Command("predict", "Predict with a trained model: probabilities and the predicted class for every row.\n\n" +
            "Examples:\n  actlab predict --run runs/tutorial --data binary_data.csv --out predictions.csv")
        { run, data, output, threshold, force };
        cmd.SetAction(pr =>
        {
            var model = TrainedRun.Load(pr.GetValue(run)!);
            double t = pr.GetValue(threshold);
            if (!(t > 0 && t < 1)) throw new UsageException($"--threshold must be between 0 and 1; got {t}.");
            string? path = pr.GetValue(output);
            if (path is not null && File.Exists(path) && !pr.GetValue(force)) throw new UsageException($"'{path}' exists; add --force to overwrite it.");
            // Columns by name: the model's features in its order; the label column, if present, is ignored.
            var ds = CsvTable.Read(pr.GetValue(data)!, model.LabelName, featuresOnly: true, features: model.Features).Features;
            var y = model.Predict(ds);
            var inv = CultureInfo.InvariantCulture;
            var sb = new StringBuilder();
            if (model.Task == TaskKind.Regression) sb.Append("prediction\n");
            else if (y.Cols == 1) sb.Append($"p_{model.Classes[1]},predicted\n");
            else sb.Append(string.Join(",", model.Classes.Select(c => $"p_{c}"))).Append(",predicted\n");
            for (int i = 0; i < y.Rows; i++)
            {
                var row = y.Row(i);
                sb.Append(string.Join(",", row.ToArray().Select(v => v.ToString("R", inv))));
                if (model.Task != TaskKind.Regression)
                {
                    int best = 0;
                    if (y.Cols == 1) best = row[0] >= t ? 1 : 0;
                    else for (int c = 1; c < row.Length; c++) if (row[c] > row[best]) best = c;
                    sb.Append(',').Append(model.Classes[best]);
                }
                sb.Append('\n');
            }
            if (path is null) io.Out.Write(sb.ToString());
            else
            {
                AtomicFile.Write(path, sb.ToString(), overwrite: pr.GetValue(force));
                io.Out.WriteLine($"Wrote {y.Rows} predictions to {path}");
            }
            return Cli.Ok;
        });
        return cmd;
    }
}
