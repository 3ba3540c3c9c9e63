using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using ActLab.Core.Data;
using ActLab.Core.Experiments;
using ActLab.Core.Runs;
using ActLab.Core.Training;

namespace ActLab.Plotting;

/// <summary>
/// <c>report.html</c> for a run folder, in the order a person reads it: a one-sentence verdict and a summary with
/// plain labels and rounded numbers; the learning curves; the decision map (two features) or the predicted-against-
/// actual plot (regression); the evaluation on the run's test split; the parameters; then, collapsed, the metrics
/// per epoch and the configuration (long lists summarised). Self-contained: pictures are embedded as data URIs and
/// nothing is fetched from the network.
/// </summary>
public static class RunReport
{
    /// <summary>The section headings every report has (tests check them); the second picture's heading depends on the task.</summary>
    public static readonly string[] Sections = ["Summary", "Learning curves", "Evaluation on the test split", "Parameters", "Metrics per epoch", "Configuration"];

    /// <summary>Writes <c>report.html</c> (and <c>curves.png</c>, <c>decision-map.png</c> or <c>fit.png</c>) into
    /// <paramref name="runDir"/>; returns the report's path.</summary>
    /// <param name="runDir">The run folder (a run is reported while it is still in its staging folder).</param>
    /// <param name="name">The run's name as the user knows it; default: the folder's name.</param>
    /// <param name="data">The run's data as already read (train passes it: the file is read once); default: read
    /// from the run's data path if it still exists.</param>
    public static string Write(string runDir, string? name = null, Dataset? data = null)
    {
        name ??= Path.GetFileName(Path.GetFullPath(runDir));
        string Read(string file) => File.Exists(Path.Combine(runDir, file)) ? File.ReadAllText(Path.Combine(runDir, file)) : "";
        var summary = JsonNode.Parse(Read("summary.json") is { Length: > 0 } s ? s : "{}")!.AsObject();
        var configText = Read("config.json");
        RunConfig? config = null;
        try { config = JsonSerializer.Deserialize<RunConfig>(configText, RunSchema.Json); } catch (JsonException) { }

        TrainedRun? model = null;
        try
        {
            model = TrainedRun.Load(runDir);
            if (data is null && model.HasOwnData) data = model.ReadData();
        }
        catch (ActLab.Kernels.InputException) { }
        // The test split of the run's own data: training rows would flatter the model.
        Dataset? test = null;
        if (model is not null && data is not null)
        {
            var (rows, split) = model.OwnRows(data.Count);
            test = split == DataSplit.All ? data : data.Subset(rows);
        }
        var evaluation = model is not null && test is { Count: > 0 } ? Evaluation.Run(model, test) : null;

        var html = new StringBuilder();
        html.Append($"<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width\"><title>ActLab run {E(name)}</title>\n<style>")
            .Append("body{font-family:'DejaVu Sans',sans-serif;max-width:960px;margin:2em auto;padding:0 1em;color:#222;line-height:1.4}h1{font-size:1.5em;margin-bottom:.2em}")
            .Append("h2{font-size:1.2em;border-bottom:1px solid #ccc;padding-bottom:.2em;margin-top:1.6em}.lead{font-size:1.1em;margin-top:0}.warn{background:#fff4e0;border-left:4px solid #e69f00;padding:.5em 1em}")
            .Append("table{border-collapse:collapse}td,th{border:1px solid #ddd;padding:.25em .6em;text-align:right}th{background:#f6f6f6}table.summary th{text-align:left;font-weight:normal;color:#555}")
            .Append("table.summary td{text-align:left}pre{background:#f6f6f6;padding:1em;overflow:auto;font-size:.85em}img{max-width:100%;height:auto}details{margin-top:1.6em}summary{cursor:pointer}details h2{display:inline;border:0}")
            .Append("footer{margin-top:2em;color:#777;font-size:.85em}</style></head><body>\n")
            .Append($"<h1>ActLab run: {E(name)}</h1>\n")
            .Append("<p class=\"lead\">").Append(E(Verdict(config, summary, evaluation))).Append("</p>\n");
        if (Str(summary, "warning") is { } warning) html.Append($"<p class=\"warn\">{E(warning)}</p>\n");
        if (Str(summary, "message") is { } message) html.Append($"<p class=\"warn\">{E(message)}</p>\n");

        html.Append("<h2>Summary</h2>\n<table class=\"summary\">\n");
        foreach (var (label, value) in SummaryRows(config, summary, model))
            html.Append($"<tr><th>{E(label)}</th><td>{E(value)}</td></tr>\n");
        html.Append("</table>\n");

        html.Append("<h2>Learning curves</h2>\n");
        bool anyEpoch = Read("metrics.csv").Split('\n', StringSplitOptions.RemoveEmptyEntries).Length > 1;
        if (anyEpoch)
        {
            string curves = Path.Combine(runDir, "curves.png");
            ChartFile.Save(RunCharts.LearningCurves(runDir, title: $"Learning curves: {name}"), curves, 900, 480);
            html.Append(Img(curves, "learning curves: loss and accuracy per epoch"));
        }
        else html.Append("<p>No epoch completed (the run stopped in its first epoch).</p>\n");

        if (model?.Task == TaskKind.Regression)
        {
            html.Append("<h2>Predicted against actual</h2>\n");
            if (test is { Count: > 0 })
            {
                string fit = Path.Combine(runDir, "fit.png");
                ChartFile.Save(RunCharts.PredictedVsActual(model, test, $"Predicted against actual: {name}, test split"), fit, 700, 600);
                html.Append(Img(fit, "predicted against actual values on the test split"));
            }
            else html.Append("<p>Not drawn: the run's data file is not available.</p>\n");
        }
        else
        {
            html.Append("<h2>Decision map</h2>\n");
            if (model is not null && data is { FeatureNames.Length: 2 })
            {
                string map = Path.Combine(runDir, "decision-map.png");
                ChartFile.Save(RunCharts.DecisionMap(model, data), map, 800, 700);
                html.Append(Img(map, "decision map: the model's output over the plane of the two features, with the data on top"));
            }
            else html.Append(model is not null && model.Features.Count != 2
                ? $"<p>Not drawn: a decision map needs two input features; this model takes {model.Features.Count:N0}.</p>\n"
                : "<p>Not drawn: the run's data file is not available.</p>\n");
        }

        html.Append("<h2>Evaluation on the test split</h2>\n");
        if (evaluation is not null && test is not null && data is not null)
        {
            string scope = test.Count == data.Count ? $"all {data.Count:N0} rows" : $"the test split ({test.Count:N0} of {data.Count:N0} rows)";
            string source = config?.Data.Path is { } p ? Path.GetFileName(p) : "the data";
            if (evaluation.Regression is { } r)
            {
                html.Append(CultureInfo.InvariantCulture, $"<p>On {E(scope)} of {E(source)}, rows the model never trained on:</p>\n<table class=\"summary\">\n")
                    .Append(CultureInfo.InvariantCulture, $"<tr><th>mean squared error</th><td>{G(r.Mse)}</td></tr>\n<tr><th>root mean squared error</th><td>{G(r.Rmse)}</td></tr>\n")
                    .Append(CultureInfo.InvariantCulture, $"<tr><th>mean absolute error</th><td>{G(r.Mae)}</td></tr>\n<tr><th>R² (1 is perfect, 0 is predicting the mean)</th><td>{G(r.R2)}</td></tr>\n</table>\n");
            }
            else
            {
                string auc = double.IsNaN(evaluation.RocAuc) ? "" : $", ROC AUC {F3(evaluation.RocAuc)}";
                html.Append($"<p>On {E(scope)} of {E(source)}, rows the model never trained on: accuracy {F3(evaluation.Accuracy)} ")
                    .Append($"({evaluation.Predicted.Where((c, i) => c == (int)test.Targets[i]).Count():N0} of {test.Count:N0} right), macro F1 {F3(evaluation.MacroF1)}{auc}, loss {G(evaluation.Loss)}.</p>\n");
                html.Append("<table><tr><th>class</th><th>precision</th><th>recall</th><th>F1</th><th>rows</th></tr>\n");
                foreach (var c in evaluation.Classes)
                    html.Append($"<tr><td>{E(c.Label)}</td><td>{F3(c.Precision)}</td><td>{F3(c.Recall)}</td><td>{F3(c.F1)}</td><td>{c.Support:N0}</td></tr>\n");
                html.Append("</table>\n");
                if (evaluation.Classes.Count <= 20)
                {
                    html.Append("<p>Confusion matrix (rows: true class, columns: predicted):</p>\n<table><tr><th></th>");
                    foreach (var c in evaluation.Classes) html.Append($"<th>{E(c.Label)}</th>");
                    html.Append("</tr>\n");
                    for (int i = 0; i < evaluation.Classes.Count; i++)
                    {
                        html.Append($"<tr><th>{E(evaluation.Classes[i].Label)}</th>");
                        for (int j = 0; j < evaluation.Classes.Count; j++) html.Append(i == j ? $"<td><b>{evaluation.Confusion[i, j]:N0}</b></td>" : $"<td>{evaluation.Confusion[i, j]:N0}</td>");
                        html.Append("</tr>\n");
                    }
                    html.Append("</table>\n");
                }
            }
        }
        else html.Append("<p>Not computed: the run's data file is not available (moved, changed, or read from standard input); <code>actlab evaluate --run RUN --data FILE</code> scores a file.</p>\n");

        html.Append("<h2>Parameters</h2>\n");
        if (model is not null)
        {
            html.Append("<table><tr><th>name</th><th>shape</th><th style=\"text-align:left\">values</th></tr>\n");
            foreach (var p in model.Model.Parameters)
            {
                string values = p.Value.Length <= 12 ? string.Join(", ", p.Value.Select(v => G((double)v)))
                    : $"{p.Value.Length:N0} values: mean {G(p.Value.Average(v => (double)v))}, std {G(Std(p.Value))}, from {G((double)p.Value.Min())} to {G((double)p.Value.Max())}";
                html.Append($"<tr><td>{E(p.Name)}</td><td>{string.Join(" × ", p.Shape)}</td><td style=\"text-align:left\">{E(values)}</td></tr>\n");
            }
            html.Append("</table>\n");
        }
        else html.Append("<p>The model could not be loaded.</p>\n");

        html.Append("<details><summary><h2>Metrics per epoch</h2></summary>\n");
        if (anyEpoch)
        {
            var (ep, tr, va, acc) = RunCharts.ReadMetrics(runDir);
            int every = Math.Max(1, ep.Length / 50);
            html.Append("<table><tr><th>epoch</th><th>training loss</th><th>validation loss</th><th>validation accuracy</th></tr>\n");
            for (int i = 0; i < ep.Length; i++)
                if (i % every == 0 || i == ep.Length - 1)
                    html.Append($"<tr><td>{ep[i]:N0}</td><td>{G(tr[i])}</td><td>{G(va[i])}</td><td>{F3(acc[i])}</td></tr>\n");
            html.Append("</table>\n");
            if (every > 1) html.Append($"<p>Every {every}th epoch is shown; metrics.csv has them all.</p>\n");
        }
        html.Append("</details>\n");

        html.Append("<details><summary><h2>Configuration</h2></summary>\n")
            .Append("<p>What the run used, from config.json (lists longer than 12 entries are shortened here; the file has them whole).</p>\n<pre>")
            .Append(E(Shortened(configText))).Append("</pre>\n</details>\n");
        html.Append($"<footer>Written by ActLab {E(RunSchema.ActLabVersion)}.</footer>\n</body></html>\n");
        string path = Path.Combine(runDir, "report.html");
        AtomicFile.Write(path, html.ToString());
        return path;
    }

    /// <summary>The first sentence of a report: what was trained and how well it did on held-out rows.</summary>
    private static string Verdict(RunConfig? config, JsonObject summary, EvaluationReport? evaluation)
    {
        if (config is null) return "The run's config.json could not be read.";
        string task = config.Task switch
        {
            "regression" => "A regression model",
            "binary" => "A binary classifier",
            _ => $"A {config.Data.Classes.Length}-class classifier",
        };
        string source = config.Data.Path is { } p ? Path.GetFileName(p) : config.Data.Generator ?? "standard input";
        string status = Str(summary, "status") ?? "unknown";
        int epochs = Num(summary, "epochs") is double e ? (int)e : 0;
        string how = status switch
        {
            "completed" => $"trained for {epochs:N0} epochs",
            "stoppedEarly" => $"stopped early after {epochs:N0} of {config.Epochs:N0} epochs (no better validation loss)",
            "interrupted" => $"interrupted after {epochs:N0} of {config.Epochs:N0} epochs",
            "diverged" => $"diverged after {epochs:N0} epochs",
            "unstable" => $"trained for {epochs:N0} epochs, but its weights grew without bound",
            _ => $"{status} after {epochs:N0} epochs",
        };
        string result = evaluation is null
            ? Num(summary, "testAccuracy") is double ta ? $"; test accuracy {Pct(ta)}" : ""
            : evaluation.Regression is { } r ? $"; on the test split R² is {G(r.R2)} and the RMSE {G(r.Rmse)}"
            : $"; on the test split it gets {Pct(evaluation.Accuracy)} right ({evaluation.Rows:N0} rows)";
        return $"{task} on {source}, {how}{result}.";
    }

    private static IEnumerable<(string, string)> SummaryRows(RunConfig? config, JsonObject summary, TrainedRun? model)
    {
        if (Str(summary, "status") is { } status)
            yield return ("Status", $"{status}: {Num(summary, "epochs"):N0} of {config?.Epochs:N0} epochs; best validation loss at epoch {Num(summary, "bestEpoch"):N0}");
        if (config is null) yield break;
        var d = config.Data;
        yield return ("Task", config.Task == "regression" ? "regression (a numeric target)" : $"{config.Task} classification, {d.Classes.Length} classes ({Shorten(string.Join(", ", d.Classes), 80)})");
        string features = d.Features.Length <= 8 ? string.Join(", ", d.Features) : $"{d.Features[0]}, {d.Features[1]}, … {d.Features[^1]}";
        yield return ("Data", $"{(d.Path is { } p ? Path.GetFileName(p) : d.Generator ?? "standard input")}: {d.Rows:N0} rows, {d.Features.Length:N0} feature{(d.Features.Length == 1 ? "" : "s")} ({features}), label '{d.Label}'");
        if (config.SplitSizes is { Length: 3 } sz)
            yield return ("Split", $"{sz[0]:N0} training, {sz[1]:N0} validation, {sz[2]:N0} test rows (random, seed {config.Seed})");
        yield return ("Model", $"{config.Model}{(model is null ? "" : $" ({model.Model.Parameters.Sum(q => (long)q.Value.Length):N0} parameters)")}");
        if (config.Standardize is not null) yield return ("Inputs", "standardised with the training rows' mean and standard deviation");
        var o = config.Optimizer;
        string extra = (o.Momentum > 0 ? $", momentum {G(o.Momentum)}" : "") + (o.WeightDecay > 0 ? $", weight decay {G(o.WeightDecay)}" : "");
        yield return ("Training", $"{config.Loss} loss; {o.Name}, learning rate {G(o.Lr)}{extra}; batches of {config.BatchSize:N0}; weights by {config.Init} initialisation");
        bool regression = config.Task == "regression";
        string Pair(string loss, string acc) => Num(summary, loss) is double l
            ? $"loss {G(l)}" + (!regression && Num(summary, acc) is double a ? $", accuracy {F3(a)}" : "") : "not measured";
        yield return ("Test split", Pair("testLoss", "testAccuracy"));
        yield return ("Validation split", Pair("validationLoss", "validationAccuracy"));
        yield return ("Last epoch, training", Pair("finalTrainLoss", "finalTrainAccuracy"));
        if (Num(summary, "steps") is double steps && Num(summary, "trainingLoopSeconds") is double secs)
            yield return ("Time", $"{steps:N0} steps in {G(secs)} s" + (Num(summary, "microsecondsPerStep") is double us ? $" ({G(us)} µs per step)" : ""));
    }

    /// <summary>config.json with every array longer than 12 entries cut to its first 5 and last 2, and a count.</summary>
    private static string Shortened(string json)
    {
        JsonNode? node;
        try { node = JsonNode.Parse(json); } catch (JsonException) { return json; }
        if (node is null) return json;
        static JsonNode? Cut(JsonNode? n)
        {
            switch (n)
            {
                case JsonArray a when a.Count > 12:
                    var items = a.Select(x => x?.DeepClone()).ToList();
                    return new JsonArray([.. items.Take(5), JsonValue.Create($"… {items.Count - 7:N0} more (of {items.Count:N0}) …"), .. items.TakeLast(2)]);
                case JsonArray a:
                    return new JsonArray([.. a.Select(x => Cut(x))]);
                case JsonObject o:
                    var copy = new JsonObject();
                    foreach (var (k, v) in o) copy[k] = Cut(v);
                    return copy;
                default:
                    return n?.DeepClone();
            }
        }
        return Cut(node)!.ToJsonString(new JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
    }

    private static string? Str(JsonObject o, string key) => o.TryGetPropertyValue(key, out var v) && v is JsonValue jv && jv.TryGetValue(out string? s) ? s : null;
    private static double? Num(JsonObject o, string key) => o.TryGetPropertyValue(key, out var v) && v is JsonValue jv && jv.TryGetValue(out double d) ? d : null;

    /// <summary>Four significant digits, no exponent for everyday magnitudes: 0.02065, 3043, 1.2e-07.</summary>
    internal static string G(double v) => double.IsNaN(v) ? "–" : Math.Abs(v) is >= 1e-4 and < 1e6 or 0
        ? Math.Round(v, Math.Max(0, 3 - (int)Math.Floor(Math.Log10(Math.Abs(v == 0 ? 1 : v))))).ToString("#,0.######", CultureInfo.InvariantCulture)
        : v.ToString("0.###e+0", CultureInfo.InvariantCulture);

    private static string F3(double v) => double.IsNaN(v) ? "–" : v.ToString("0.000", CultureInfo.InvariantCulture);
    private static string Pct(double v) => (100 * v).ToString("0.0", CultureInfo.InvariantCulture) + "%";
    private static string Shorten(string s, int max) => s.Length <= max ? s : s[..(max - 1)] + "…";
    private static string E(string s) => WebUtility.HtmlEncode(s);

    private static string Img(string path, string alt) => $"<img alt=\"{E(alt)}\" src=\"data:image/png;base64,{Convert.ToBase64String(File.ReadAllBytes(path))}\">\n";

    private static double Std(float[] v)
    {
        double m = v.Average(x => (double)x);
        return Math.Sqrt(v.Average(x => (x - m) * (x - m)));
    }
}
