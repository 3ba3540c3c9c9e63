using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using ActLab.Core.Data;
using ActLab.Core.Experiments;
using ActLab.Core.Runs;

namespace ActLab.Plotting;

/// <summary>
/// <c>report.html</c> for a run folder: summary, configuration, learning curves, decision map (two features),
/// confusion matrix and metrics on the run's data, parameters, and the per-epoch metrics. Self-contained: pictures
/// are embedded as data URIs and nothing is fetched from the network.
/// </summary>
public static class RunReport
{
    /// <summary>The section headings every report has (tests check them).</summary>
    public static readonly string[] Sections = ["Summary", "Configuration", "Learning curves", "Decision map", "Evaluation", "Parameters", "Metrics per epoch"];

    /// <summary>Writes <c>report.html</c> (and <c>curves.png</c>, <c>decision-map.png</c>) into <paramref name="runDir"/>; returns the report's path.
    /// <paramref name="name"/> is the run's name as the user knows it (a run is reported while it is still in its
    /// staging folder); default: the folder's name.</summary>
    public static string Write(string runDir, string? name = null)
    {
        var html = new StringBuilder();
        name ??= Path.GetFileName(Path.GetFullPath(runDir));
        string Read(string file) => File.Exists(Path.Combine(runDir, file)) ? File.ReadAllText(Path.Combine(runDir, file)) : "";
        html.Append($"<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>ActLab run {E(name)}</title>\n<style>")
            .Append("body{font-family:'DejaVu Sans',sans-serif;max-width:1000px;margin:2em auto;color:#222}h1{font-size:1.5em}h2{border-bottom:1px solid #ccc;padding-bottom:.2em}")
            .Append("table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.25em .6em;text-align:right}pre{background:#f6f6f6;padding:1em;overflow:auto}img{max-width:100%}</style></head><body>\n")
            .Append($"<h1>ActLab run: {E(name)}</h1>\n");

        html.Append("<h2>Summary</h2>\n").Append(Table(JsonDocument.Parse(Read("summary.json") is { Length: > 0 } s ? s : "{}").RootElement));
        html.Append("<h2>Configuration</h2>\n<pre>").Append(E(Read("config.json"))).Append("</pre>\n");

        html.Append("<h2>Learning curves</h2>\n");
        bool anyEpoch = Read("metrics.csv").Split('\n', StringSplitOptions.RemoveEmptyEntries).Length > 1;
        if (anyEpoch)
        {
            string curves = Path.Combine(runDir, "curves.png");
            ChartFile.Save(RunCharts.LearningCurves(runDir, title: $"Learning curves: {name}"), curves, 900, 480);
            html.Append(Img(curves, "learning curves"));
        }
        else html.Append("<p>No epoch completed (the run stopped in its first epoch).</p>\n");

        html.Append("<h2>Decision map</h2>\n");
        TrainedRun? model = null;
        Dataset? data = null;
        string? dataPath = null;
        try
        {
            model = TrainedRun.Load(runDir);
            dataPath = model.DataPath;
            if (dataPath is not null)
                data = CsvTable.Read(dataPath, model.LabelName, model.Task == Core.Training.TaskKind.Regression, model.Task == Core.Training.TaskKind.Regression ? null : model.Classes,
                    features: model.Features);
        }
        catch (ActLab.Kernels.InputException) { }
        if (model is not null && data is { FeatureNames.Length: 2 })
        {
            string map = Path.Combine(runDir, "decision-map.png");
            ChartFile.Save(RunCharts.DecisionMap(runDir, dataPath), map, 900, 600);
            html.Append(Img(map, "decision map"));
        }
        else html.Append("<p>Not drawn: a decision map needs a model with two input features and the run's data file.</p>\n");

        html.Append("<h2>Evaluation</h2>\n");
        if (model is not null && data is not null && model.Task != Core.Training.TaskKind.Regression)
        {
            // The run's test split only: training rows would flatter the model.
            var (rows, split) = model.Rows(dataPath!, data.Count, null);
            var r = Evaluation.Run(model, split == DataSplit.All ? data : data.Subset(rows));
            string scope = split == DataSplit.All ? $"all {r.Rows} rows" : $"the test split ({r.Rows} of {data.Count} rows)";
            string auc = double.IsNaN(r.RocAuc) ? "" : string.Create(CultureInfo.InvariantCulture, $", ROC AUC {r.RocAuc:0.000}");
            html.Append(CultureInfo.InvariantCulture, $"<p>On {scope} of {E(Path.GetFileName(dataPath!))}: loss {r.Loss:F6}, accuracy {r.Accuracy:0.000}, macro F1 {r.MacroF1:0.000}{auc}.</p>\n");
            html.Append("<table><tr><th>class</th><th>precision</th><th>recall</th><th>F1</th><th>support</th></tr>\n");
            foreach (var c in r.Classes)
                html.Append(CultureInfo.InvariantCulture, $"<tr><td>{E(c.Label)}</td><td>{c.Precision:0.000}</td><td>{c.Recall:0.000}</td><td>{c.F1:0.000}</td><td>{c.Support}</td></tr>\n");
            html.Append("</table>\n<p>Confusion matrix (rows: true class, columns: predicted):</p>\n<table><tr><th></th>");
            foreach (var c in r.Classes) html.Append($"<th>{E(c.Label)}</th>");
            html.Append("</tr>\n");
            for (int i = 0; i < r.Classes.Count; i++)
            {
                html.Append($"<tr><th>{E(r.Classes[i].Label)}</th>");
                for (int j = 0; j < r.Classes.Count; j++) html.Append($"<td>{r.Confusion[i, j]}</td>");
                html.Append("</tr>\n");
            }
            html.Append("</table>\n");
        }
        else html.Append("<p>Not computed: the run's data file is not available, or the task is regression.</p>\n");

        html.Append("<h2>Parameters</h2>\n");
        if (model is not null)
        {
            html.Append("<table><tr><th>name</th><th>shape</th><th>values</th></tr>\n");
            foreach (var p in model.Model.Parameters)
            {
                string values = p.Value.Length <= 32 ? string.Join(", ", p.Value.Select(v => v.ToString("0.####", CultureInfo.InvariantCulture)))
                    : string.Create(CultureInfo.InvariantCulture, $"{p.Value.Length} values, mean {p.Value.Average(v => (double)v):0.####}, std {Std(p.Value):0.####}");
                html.Append($"<tr><td>{E(p.Name)}</td><td>[{string.Join(", ", p.Shape)}]</td><td style=\"text-align:left\">{values}</td></tr>\n");
            }
            html.Append("</table>\n");
        }

        html.Append("<h2>Metrics per epoch</h2>\n<table><tr><th>epoch</th><th>train loss</th><th>validation loss</th><th>validation accuracy</th></tr>\n");
        var (ep, tr, va, acc) = anyEpoch ? RunCharts.ReadMetrics(runDir) : ([], [], [], []);
        int every = Math.Max(1, ep.Length / 50);
        for (int i = 0; i < ep.Length; i++)
            if (i % every == 0 || i == ep.Length - 1)
                html.Append(CultureInfo.InvariantCulture, $"<tr><td>{ep[i]}</td><td>{tr[i]:F6}</td><td>{va[i]:F6}</td><td>{acc[i]:0.000}</td></tr>\n");
        html.Append("</table>\n").Append(CultureInfo.InvariantCulture, $"<p>{(every > 1 ? $"Every {every}th epoch shown; all are in metrics.csv. " : "")}Written by ActLab {RunSchema.ActLabVersion}.</p>\n</body></html>\n");
        string path = Path.Combine(runDir, "report.html");
        AtomicFile.Write(path, html.ToString());
        return path;
    }

    private static string E(string s) => WebUtility.HtmlEncode(s);

    private static string Img(string path, string alt) => $"<img alt=\"{alt}\" src=\"data:image/png;base64,{Convert.ToBase64String(File.ReadAllBytes(path))}\">\n";

    private static string Table(JsonElement o)
    {
        var sb = new StringBuilder("<table>\n");
        foreach (var p in o.EnumerateObject())
            sb.Append($"<tr><th style=\"text-align:left\">{E(p.Name)}</th><td>{E(p.Value.ToString())}</td></tr>\n");
        return sb.Append("</table>\n").ToString();
    }

    private static double Std(float[] v)
    {
        double m = v.Average(x => (double)x);
        return Math.Sqrt(v.Average(x => (x - m) * (x - m)));
    }
}
