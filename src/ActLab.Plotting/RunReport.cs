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
    /// <param name="texts">The language of the report (default: English).</param>
    public static string Write(string runDir, string? name = null, Dataset? data = null, ActLab.Core.Localization.Texts? texts = null)
    {
        var t = texts ?? ActLab.Core.Localization.Texts.For(ActLab.Core.Localization.Language.En);
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
        html.Append($"<!DOCTYPE html>\n<html lang=\"{ActLab.Core.Localization.Texts.Code(t.Language)}\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width\"><title>{E(t.Format("report.title", name))}</title>\n<style>")
            .Append("body{font-family:'DejaVu Sans','NanumGothic','Noto Sans CJK KR',sans-serif;max-width:960px;margin:2em auto;padding:0 1em;color:#222;line-height:1.4}h1{font-size:1.5em;margin-bottom:.2em}")
            .Append("h2{font-size:1.2em;border-bottom:1px solid #ccc;padding-bottom:.2em;margin-top:1.6em}.lead{font-size:1.1em;margin-top:0}.warn{background:#fff4e0;border-left:4px solid #e69f00;padding:.5em 1em}")
            .Append("table{border-collapse:collapse}td,th{border:1px solid #ddd;padding:.25em .6em;text-align:right}th{background:#f6f6f6}table.summary th{text-align:left;font-weight:normal;color:#555}")
            .Append("table.summary td{text-align:left}pre{background:#f6f6f6;padding:1em;overflow:auto;font-size:.85em}img{max-width:100%;height:auto}details{margin-top:1.6em}summary{cursor:pointer}details h2{display:inline;border:0}")
            .Append("footer{margin-top:2em;color:#777;font-size:.85em}</style></head><body>\n")
            .Append($"<h1>{E(t.Format("report.h1", name))}</h1>\n")
            .Append("<p class=\"lead\">").Append(E(Verdict(config, summary, evaluation, t))).Append("</p>\n");
        if (Str(summary, "warning") is { } warning) html.Append($"<p class=\"warn\">{E(warning)}</p>\n");
        if (Str(summary, "message") is { } message) html.Append($"<p class=\"warn\">{E(message)}</p>\n");

        html.Append($"<h2>{t["report.summary"]}</h2>\n<table class=\"summary\">\n");
        foreach (var (label, value) in SummaryRows(config, summary, model, t))
            html.Append($"<tr><th>{E(label)}</th><td>{E(value)}</td></tr>\n");
        html.Append("</table>\n");

        html.Append($"<h2>{t["report.curves"]}</h2>\n");
        bool anyEpoch = Read("metrics.csv").Split('\n', StringSplitOptions.RemoveEmptyEntries).Length > 1;
        if (anyEpoch)
        {
            string curves = Path.Combine(runDir, "curves.png");
            ChartFile.Save(RunCharts.LearningCurves(runDir, title: t.Format("report.curvesTitle", name), texts: t), curves, 900, 480);
            html.Append(Img(curves, t["report.curvesAlt"]));
        }
        else html.Append($"<p>{t["report.noEpoch"]}</p>\n");

        if (model?.Task == TaskKind.Regression)
        {
            html.Append($"<h2>{t["report.fit"]}</h2>\n");
            if (test is { Count: > 0 })
            {
                string fit = Path.Combine(runDir, "fit.png");
                ChartFile.Save(RunCharts.PredictedVsActual(model, test, t.Format("report.fitTitle", name), t), fit, 700, 600);
                html.Append(Img(fit, t["report.fitAlt"]));
            }
            else html.Append($"<p>{E(t["report.noData"])}</p>\n");
        }
        else
        {
            html.Append($"<h2>{t["report.map"]}</h2>\n");
            if (model is not null && data is { FeatureNames.Length: 2 })
            {
                string map = Path.Combine(runDir, "decision-map.png");
                ChartFile.Save(RunCharts.DecisionMap(model, data, texts: t), map, 800, 700);
                html.Append(Img(map, t["report.mapAlt"]));
            }
            else html.Append(model is not null && model.Features.Count != 2
                ? $"<p>{E(t.Format("report.mapNeedsTwo", model.Features.Count.ToString("N0", CultureInfo.InvariantCulture)))}</p>\n"
                : $"<p>{E(t["report.noData"])}</p>\n");
        }

        html.Append($"<h2>{t["report.evaluation"]}</h2>\n");
        if (evaluation is not null && test is not null && data is not null)
        {
            var inv = CultureInfo.InvariantCulture;
            string scope = test.Count == data.Count ? t.Format("report.scopeAll", data.Count.ToString("N0", inv)) : t.Format("report.scopeTest", test.Count.ToString("N0", inv), data.Count.ToString("N0", inv));
            string source = config?.Data.Path is { } p ? Path.GetFileName(p) : t["report.theData"];
            if (evaluation.Regression is { } r)
            {
                html.Append($"<p>{E(t.Format("report.onRegression", scope, source))}</p>\n<table class=\"summary\">\n")
                    .Append($"<tr><th>{E(t["report.mse"])}</th><td>{G(r.Mse)}</td></tr>\n<tr><th>{E(t["report.rmse"])}</th><td>{G(r.Rmse)}</td></tr>\n")
                    .Append($"<tr><th>{E(t["report.mae"])}</th><td>{G(r.Mae)}</td></tr>\n<tr><th>{E(t["report.r2"])}</th><td>{G(r.R2)}</td></tr>\n</table>\n");
            }
            else
            {
                string auc = double.IsNaN(evaluation.RocAuc) ? "" : $", ROC AUC {F3(evaluation.RocAuc)}";
                int right = evaluation.Predicted.Where((c, i) => c == (int)test.Targets[i]).Count();
                html.Append($"<p>{E(t.Format("report.onClasses", scope, source, F3(evaluation.Accuracy), right.ToString("N0", inv), test.Count.ToString("N0", inv), F3(evaluation.MacroF1), auc, G(evaluation.Loss)))}</p>\n");
                html.Append($"<table><tr><th>{t["report.class"]}</th><th>{t["report.precision"]}</th><th>{t["report.recall"]}</th><th>F1</th><th>{t["report.rows"]}</th></tr>\n");
                foreach (var c in evaluation.Classes)
                    html.Append($"<tr><td>{E(c.Label)}</td><td>{F3(c.Precision)}</td><td>{F3(c.Recall)}</td><td>{F3(c.F1)}</td><td>{c.Support:N0}</td></tr>\n");
                html.Append("</table>\n");
                if (evaluation.Classes.Count <= 20)
                {
                    html.Append($"<p>{E(t["report.confusion"])}</p>\n<table><tr><th></th>");
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
        else html.Append($"<p>{t["report.notComputed"]}</p>\n");

        html.Append($"<h2>{t["report.parameters"]}</h2>\n");
        if (model is not null)
        {
            html.Append($"<table><tr><th>{t["report.name"]}</th><th>{t["report.shape"]}</th><th style=\"text-align:left\">{t["report.values"]}</th></tr>\n");
            foreach (var p in model.Model.Parameters)
            {
                string values = p.Value.Length <= 12 ? string.Join(", ", p.Value.Select(v => G((double)v)))
                    : t.Format("report.manyValues", p.Value.Length.ToString("N0", CultureInfo.InvariantCulture), G(p.Value.Average(v => (double)v)), G(Std(p.Value)), G((double)p.Value.Min()), G((double)p.Value.Max()));
                html.Append($"<tr><td>{E(p.Name)}</td><td>{string.Join(" × ", p.Shape)}</td><td style=\"text-align:left\">{E(values)}</td></tr>\n");
            }
            html.Append("</table>\n");
        }
        else html.Append($"<p>{E(t["report.noModel"])}</p>\n");

        html.Append($"<details><summary><h2>{t["report.metrics"]}</h2></summary>\n");
        if (anyEpoch)
        {
            var (ep, tr, va, acc) = RunCharts.ReadMetrics(runDir);
            int every = Math.Max(1, ep.Length / 50);
            html.Append($"<table><tr><th>{t["report.epoch"]}</th><th>{t["report.trainingLoss"]}</th><th>{t["report.validationLoss"]}</th><th>{t["report.validationAccuracy"]}</th></tr>\n");
            for (int i = 0; i < ep.Length; i++)
                if (i % every == 0 || i == ep.Length - 1)
                    html.Append($"<tr><td>{ep[i]:N0}</td><td>{G(tr[i])}</td><td>{G(va[i])}</td><td>{F3(acc[i])}</td></tr>\n");
            html.Append("</table>\n");
            if (every > 1) html.Append($"<p>{E(t.Format("report.everyNth", every))}</p>\n");
        }
        html.Append("</details>\n");

        html.Append($"<details><summary><h2>{t["report.configuration"]}</h2></summary>\n")
            .Append($"<p>{E(t["report.configurationNote"])}</p>\n<pre>")
            .Append(E(Shortened(configText))).Append("</pre>\n</details>\n");
        html.Append($"<footer>{E(t.Format("report.footer", RunSchema.ActLabVersion))}</footer>\n</body></html>\n");
        string path = Path.Combine(runDir, "report.html");
        AtomicFile.Write(path, html.ToString());
        return path;
    }

    /// <summary>The first sentence of a report: what was trained and how well it did on held-out rows.</summary>
    private static string Verdict(RunConfig? config, JsonObject summary, EvaluationReport? evaluation, ActLab.Core.Localization.Texts t)
    {
        if (config is null) return t["report.noConfig"];
        string task = config.Task switch
        {
            "regression" => t["report.task.regression"],
            "binary" => t["report.task.binary"],
            _ => t.Format("report.task.multi", config.Data.Classes.Length),
        };
        string source = config.Data.Path is { } p ? Path.GetFileName(p) : config.Data.Generator ?? t["report.stdin"];
        string status = Str(summary, "status") ?? "unknown";
        int epochs = Num(summary, "epochs") is double e ? (int)e : 0;
        var inv = CultureInfo.InvariantCulture;
        string n = epochs.ToString("N0", inv), of = config.Epochs.ToString("N0", inv);
        string how = status switch
        {
            "completed" => t.Format("report.how.completed", n),
            "stoppedEarly" => t.Format("report.how.stoppedEarly", n, of),
            "interrupted" => t.Format("report.how.interrupted", n, of),
            "diverged" => t.Format("report.how.diverged", n),
            "unstable" => t.Format("report.how.unstable", n),
            _ => t.Format("report.how.other", status, n),
        };
        string result = evaluation is null
            ? Num(summary, "testAccuracy") is double ta ? t.Format("report.result.accuracy", Pct(ta)) : ""
            : evaluation.Regression is { } r ? t.Format("report.result.regression", G(r.R2), G(r.Rmse))
            : t.Format("report.result.classes", Pct(evaluation.Accuracy), evaluation.Rows.ToString("N0", inv));
        return t.Format("report.verdict", task, source, how, result);
    }

    private static IEnumerable<(string, string)> SummaryRows(RunConfig? config, JsonObject summary, TrainedRun? model, ActLab.Core.Localization.Texts t)
    {
        var inv = CultureInfo.InvariantCulture;
        string N(double? v) => v is double x ? x.ToString("N0", inv) : "";
        if (Str(summary, "status") is { } status)
            yield return (t["report.row.status"], t.Format("report.row.statusValue", t.Language == ActLab.Core.Localization.Language.En ? status : t[$"status.{status}"], N(Num(summary, "epochs")), N(config?.Epochs), N(Num(summary, "bestEpoch"))));
        if (config is null) yield break;
        var d = config.Data;
        yield return (t["report.row.task"], config.Task == "regression" ? t["report.row.taskRegression"] : t.Format("report.row.taskClasses", t[$"task.{config.Task}"], d.Classes.Length, Shorten(string.Join(", ", d.Classes), 80)));
        string features = d.Features.Length <= 8 ? string.Join(", ", d.Features) : $"{d.Features[0]}, {d.Features[1]}, … {d.Features[^1]}";
        yield return (t["report.row.data"], t.Format("report.row.dataValue", d.Path is { } p ? Path.GetFileName(p) : d.Generator ?? t["report.stdin"], N(d.Rows), N(d.Features.Length), features, d.Label));
        if (config.SplitSizes is { Length: 3 } sz)
            yield return (t["report.row.split"], t.Format("report.row.splitValue", N(sz[0]), N(sz[1]), N(sz[2]), config.Seed));
        yield return (t["report.row.model"], config.Model + (model is null ? "" : t.Format("report.row.parameters", N(model.Model.Parameters.Sum(q => (long)q.Value.Length)))));
        if (config.Standardize is not null) yield return (t["report.row.inputs"], t["report.row.inputsValue"]);
        var o = config.Optimizer;
        string extra = (o.Momentum > 0 ? t.Format("report.row.momentum", G(o.Momentum)) : "") + (o.WeightDecay > 0 ? t.Format("report.row.weightDecay", G(o.WeightDecay)) : "");
        yield return (t["report.row.training"], t.Format("report.row.trainingValue", config.Loss, o.Name, G(o.Lr), extra, N(config.BatchSize), config.Init));
        bool regression = config.Task == "regression";
        string Pair(string loss, string acc) => Num(summary, loss) is double l
            ? t.Format("report.row.loss", G(l)) + (!regression && Num(summary, acc) is double a ? t.Format("report.row.accuracy", F3(a)) : "") : t["report.row.notMeasured"];
        yield return (t["report.row.test"], Pair("testLoss", "testAccuracy"));
        yield return (t["report.row.validation"], Pair("validationLoss", "validationAccuracy"));
        yield return (t["report.row.lastEpoch"], Pair("finalTrainLoss", "finalTrainAccuracy"));
        if (Num(summary, "steps") is double steps && Num(summary, "trainingLoopSeconds") is double secs)
            yield return (t["report.row.time"], t.Format("report.row.timeValue", N(steps), G(secs)) + (Num(summary, "microsecondsPerStep") is double us ? t.Format("report.row.perStep", G(us)) : ""));
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
