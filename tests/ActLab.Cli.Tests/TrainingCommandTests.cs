using System.Text.Json;
using ActLab.Core.Serialization;
using static ActLab.Cli.Tests.CliRunner;

namespace ActLab.Cli.Tests;

public class TrainingCommandTests
{
    private static string TempDir() => Directory.CreateTempSubdirectory("actlab-test-").FullName;

    private static string Csv(string dir, string name, string text)
    {
        string path = Path.Combine(dir, name);
        File.WriteAllText(path, text);
        return path;
    }

    private static string GoodCsv(string dir)
    {
        var r = Run("generate", "gaussians", "--out", Path.Combine(dir, "g.csv"), "--per-class", "60", "--seed", "3");
        Assert.Equal(0, r.ExitCode);
        return Path.Combine(dir, "g.csv");
    }

    [Fact]
    public void Tutorial_prints_like_the_seed_and_writes_a_complete_run()
    {
        string dir = Path.Combine(TempDir(), "run");
        var r = Run("tutorial", "--epochs", "300", "--print-every", "100", "--out", dir);
        Assert.Equal(0, r.ExitCode);
        Assert.Contains("Epoch [100/300], Cost: ", r.Out);
        Assert.Contains("Epoch [300/300], Cost: ", r.Out);
        Assert.Contains("Model : [0.weight [[", r.Out);
        Assert.Contains("Validation Loss: ", r.Out);
        Assert.Contains("outputs: tensor([[", r.Out);
        Assert.Contains("---------------------------", r.Out);
        Assert.Contains("Validation accuracy: ", r.Out);
        Assert.Contains("µs per step", r.Out);
        Assert.Equal(301, File.ReadAllLines(Path.Combine(dir, "metrics.csv")).Length);
        var (tensors, meta) = Safetensors.Read(Path.Combine(dir, "model.safetensors"));
        Assert.Equal([1, 2], tensors["0.weight"].Shape);
        Assert.Equal([1], tensors["0.bias"].Shape);
        Assert.Equal("linear(2,1) sigmoid", meta["actlab.model"]);
        using var cfg = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "config.json")));
        Assert.Equal(300, cfg.RootElement.GetProperty("epochs").GetInt32());
        Assert.Contains("rng=numpy", cfg.RootElement.GetProperty("data").GetProperty("generator").GetString());
        using var sum = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "summary.json")));
        Assert.InRange(sum.RootElement.GetProperty("testAccuracy").GetDouble(), 0.8, 1.0);
        Assert.Equal(2, Run("tutorial", "--epochs", "1", "--out", dir).ExitCode); // not overwritten without --force
        Assert.Equal(0, Run("tutorial", "--epochs", "1", "--out", dir, "--force").ExitCode);
    }

    [Fact]
    public void Tutorial_replays_bit_for_bit_from_its_seed()
    {
        string a = Run("tutorial", "--epochs", "50", "--print-every", "50", "--seed", "5").Out;
        string b = Run("tutorial", "--epochs", "50", "--print-every", "50", "--seed", "5").Out;
        string Strip(string s) => string.Join("\n", s.Split('\n').Where(l => !l.Contains("µs per step")));
        Assert.Equal(Strip(a), Strip(b));
        Assert.NotEqual(Strip(a), Strip(Run("tutorial", "--epochs", "50", "--print-every", "50", "--seed", "6").Out));
    }

    [Fact]
    public void Generate_numpy_writes_the_seed_file_and_refuses_to_overwrite()
    {
        string dir = TempDir(), path = Path.Combine(dir, "binary_data.csv");
        Assert.Equal(0, Run("generate", "gaussians", "--out", path, "--rng", "numpy").ExitCode);
        Assert.Equal(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Golden", "binary_data_seed42.csv")), File.ReadAllText(path));
        var again = Run("generate", "gaussians", "--out", path);
        Assert.Equal(2, again.ExitCode);
        Assert.Contains("--force", again.Err);
    }

    [Fact]
    public void Train_evaluate_predict_round_trip()
    {
        string dir = TempDir(), data = GoodCsv(dir), run = Path.Combine(dir, "run");
        var t = Run("train", "--data", data, "--hidden", "8", "--activation", "tanh", "--epochs", "60", "--lr", "0.02", "--out", run, "--json");
        Assert.Equal(0, t.ExitCode);
        using var summary = JsonDocument.Parse(t.Out);
        Assert.Equal("linear(2,8) tanh linear(8,1) sigmoid", summary.RootElement.GetProperty("model").GetString());
        Assert.Equal("bce", summary.RootElement.GetProperty("loss").GetString());
        var e = Run("evaluate", "--run", run, "--data", data, "--json", "--split", "all");
        Assert.Equal(0, e.ExitCode);
        using var report = JsonDocument.Parse(e.Out);
        Assert.InRange(report.RootElement.GetProperty("accuracy").GetDouble(), 0.8, 1.0);
        Assert.Equal(120, report.RootElement.GetProperty("confusion").EnumerateArray().SelectMany(r => r.EnumerateArray()).Sum(v => v.GetInt32()));
        var p = Run("predict", "--run", run, "--data", data, "--split", "all");
        Assert.Equal(0, p.ExitCode);
        Assert.Equal("p_1,predicted", p.OutLines[0]);
        Assert.Equal(121, p.OutLines.Length);
        Assert.Equal(13, Run("predict", "--run", run, "--data", data).OutLines.Length); // by default, the 12 test rows
    }

    [Fact]
    public void Data_and_weight_seeds_are_separate_and_runs_replay()
    {
        string dir = TempDir(), data = GoodCsv(dir);
        byte[] Weights(string name, params string[] extra)
        {
            string run = Path.Combine(dir, name);
            Assert.Equal(0, Run(["train", "--data", data, "--epochs", "3", "--out", run, .. extra]).ExitCode);
            return File.ReadAllBytes(Path.Combine(run, "model.safetensors"));
        }
        string Metrics(string name) => File.ReadAllText(Path.Combine(dir, name, "metrics.csv"));
        var a = Weights("a", "--seed", "1");
        Assert.Equal(a, Weights("b", "--seed", "1"));
        Assert.Equal(Metrics("a"), Metrics("b"));
        Assert.NotEqual(a, Weights("c", "--seed", "1", "--weight-seed", "9"));
        using var cfg = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "c", "config.json")));
        Assert.Equal(1UL, cfg.RootElement.GetProperty("seed").GetUInt64());
        Assert.Equal(9UL, cfg.RootElement.GetProperty("weightSeed").GetUInt64());
    }

    [Fact]
    public void Multi_class_string_labels_train_with_softmax_and_cross_entropy()
    {
        string dir = TempDir();
        var lines = new List<string> { "x,y,kind" };
        var rng = new ActLab.Kernels.Random.Pcg32(4);
        string[] kinds = ["cat", "dog", "rabbit"];
        for (int i = 0; i < 150; i++)
        {
            int k = i % 3;
            lines.Add(FormattableString.Invariant($"{k * 3 + rng.NextDouble()},{-k * 2 + rng.NextDouble()},{kinds[k]}"));
        }
        string data = Csv(dir, "animals.csv", string.Join("\n", lines) + "\n"), run = Path.Combine(dir, "run");
        // 'y' is named like a label (issue 9's rule), so the label is chosen explicitly.
        var t = Run("train", "--data", data, "--label", "kind", "--epochs", "60", "--lr", "0.01", "--out", run, "--json");
        Assert.Equal(0, t.ExitCode);
        using var s = JsonDocument.Parse(t.Out);
        Assert.Equal("cross-entropy", s.RootElement.GetProperty("loss").GetString());
        Assert.Equal("multiclass", s.RootElement.GetProperty("task").GetString());
        var p = Run("predict", "--run", run, "--data", data);
        Assert.Equal("p_cat,p_dog,p_rabbit,predicted", p.OutLines[0]);
    }

    public static TheoryData<string, string[], string> BadInputs() => new()
    {
        { "missing.csv", [], "no such file" },
        { "nohdr.csv", [], ":1: the first row (1,2,0) looks like data" },
        { "nonnum.csv", [], "nonnum.csv:3:3: 'abc' in column 'f2' is not a number" },
        { "ragged.csv", [], "ragged.csv:3: 2 cells, but the header has 3 columns" },
        { "empty.csv", [], "the file is empty" },
        { "onlyhdr.csv", [], "no data rows" },
        { "oneclass.csv", [], "has only one class ('1')" },
        { "nan.csv", [], "nan.csv:2:1: 'NaN' in column 'f1' is not a finite number" },
        { "good.csv", ["--label", "target"], "no column named 'target'; the columns are f1, f2, label" },
        { "good.csv", ["--split", "0.5,0.3"], "exactly three fractions" },
        { "good.csv", ["--batch-size", "0"], "--batch-size: The batch size must be at least 1" },
        { "good.csv", ["--batch-size", "1000", "--drop-last"], "dropping the last short batch would leave none" },
        { "good.csv", ["--optimizer", "adamax"], "--optimizer: The optimizer 'adamax' is not one of" },
        { "good.csv", ["--activation", "relu7"], "Unknown activation 'relu7'" },
        { "good.csv", ["--loss", "bce-logits", "--output", "sigmoid"], "--loss: The loss bce-logits does not fit this model" },
        { "good.csv", ["--model", "linear(3,1) sigmoid"], "takes 3 inputs but the data has 2 features" },
        { "good.csv", ["--hidden", "16,x"], "item 2 'x' is not a whole number" },
    };

    [Theory, MemberData(nameof(BadInputs))]
    public void Bad_training_input_is_one_line_exit_2_and_writes_nothing(string file, string[] extra, string expected)
    {
        string dir = TempDir();
        Csv(dir, "nohdr.csv", "1,2,0\n3,4,1\n");
        Csv(dir, "nonnum.csv", "f1,f2,label\n1,2,0\n3,abc,1\n");
        Csv(dir, "ragged.csv", "f1,f2,label\n1,2,0\n3,1\n");
        Csv(dir, "empty.csv", "");
        Csv(dir, "onlyhdr.csv", "f1,f2,label\n");
        Csv(dir, "oneclass.csv", "f1,f2,label\n1,2,1\n3,4,1\n");
        Csv(dir, "nan.csv", "f1,f2,label\nNaN,2,0\n3,4,1\n");
        Csv(dir, "good.csv", string.Join("\n", new[] { "f1,f2,label" }.Concat(Enumerable.Range(0, 40).Select(i => $"{i % 7},{i % 5},{i % 2}"))) + "\n");
        string run = Path.Combine(dir, "out-run");
        var r = Run(["train", "--data", Path.Combine(dir, file), "--epochs", "2", "--out", run, .. extra]);
        Assert.Equal(2, r.ExitCode);
        var lines = r.Err.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Single(lines);
        Assert.Contains(expected, lines[0]);
        Assert.False(Directory.Exists(run), "nothing may be written for bad input");
    }

    [Fact]
    public void A_folder_that_is_not_a_run_or_a_corrupt_weight_file_is_a_clear_error()
    {
        string dir = TempDir(), data = GoodCsv(dir);
        var r = Run("evaluate", "--run", dir, "--data", data);
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("is not a run folder", r.Err);
        string run = Path.Combine(dir, "run");
        Assert.Equal(0, Run("train", "--data", data, "--epochs", "2", "--out", run).ExitCode);
        string weights = Path.Combine(run, "model.safetensors");
        var bytes = File.ReadAllBytes(weights);
        File.WriteAllBytes(weights, bytes[..^5]);
        r = Run("evaluate", "--run", run, "--data", data);
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("truncated", r.Err);
        File.WriteAllBytes(weights, [1, 2, 3]);
        Assert.Contains("shorter than the 8-byte header length", Run("predict", "--run", run, "--data", data).Err);
    }

    [Fact]
    public void A_diverging_run_stops_with_exit_1_and_keeps_finite_weights()
    {
        string dir = TempDir(), data = GoodCsv(dir), run = Path.Combine(dir, "run");
        var r = Run("train", "--data", data, "--optimizer", "sgd", "--lr", "1e30", "--loss", "mse", "--output", "none", "--epochs", "50", "--out", run);
        Assert.Equal(1, r.ExitCode);
        Assert.Contains("diverged", r.Err);
        var (tensors, _) = Safetensors.Read(Path.Combine(run, "model.safetensors"));
        Assert.All(tensors.Values.SelectMany(t => t.Data), v => Assert.True(float.IsFinite(v)));
    }
}

public class PlotCommandTests
{
    [Fact]
    public void Plot_function_and_softmax_write_pictures()
    {
        string dir = Directory.CreateTempSubdirectory("actlab-plot-").FullName;
        var r = Run("plot", "function", "sigmoid", "tanh", "relu", "--derivative", "--out", Path.Combine(dir, "a.svg"));
        Assert.Equal(0, r.ExitCode);
        Assert.Contains("6 series", r.Out);
        Assert.True(File.Exists(Path.Combine(dir, "a.svg")));
        Assert.Equal(0, Run("plot", "softmax", "2", "1", "0.1", "--labels", "A,B,C", "--out", Path.Combine(dir, "b.png")).ExitCode);
        Assert.Empty(Directory.GetFiles(dir, "*.tmp*"));
    }

    [Theory]
    [InlineData(new[] { "plot", "function", "relu", "--from", "2", "--to", "1" }, "--from: The start must be less than the end")]
    [InlineData(new[] { "plot", "function", "relu", "--step", "0.0000001" }, "at most 1,000,000")]
    [InlineData(new[] { "plot", "function", "relux" }, "Unknown activation 'relux'")]
    [InlineData(new[] { "plot", "function", "softmax" }, "plot it with 'actlab plot softmax'")]
    [InlineData(new[] { "plot", "function", "relu", "--out", "x.gif" }, "unknown picture type '.gif'")]
    [InlineData(new[] { "plot", "function", "relu", "--out", "/no/such/dir/x.png" }, "does not exist")]
    [InlineData(new[] { "plot", "softmax", "1", "abc" }, "logit 2 'abc' is not a finite number")]
    public void Bad_plot_input_is_one_line_and_exit_2(string[] args, string expected)
    {
        var r = Run(args);
        Assert.Equal(2, r.ExitCode);
        Assert.Single(r.Err.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains(expected, r.Err);
    }
}

public class RunPictureTests
{
    [Fact]
    public void Train_writes_a_self_contained_report_with_every_section()
    {
        string dir = Directory.CreateTempSubdirectory("actlab-report-").FullName;
        string data = Path.Combine(dir, "g.csv"), run = Path.Combine(dir, "run");
        Assert.Equal(0, Run("generate", "gaussians", "--out", data, "--per-class", "50").ExitCode);
        Assert.Equal(0, Run("train", "--data", data, "--epochs", "5", "--out", run).ExitCode);
        string html = File.ReadAllText(Path.Combine(run, "report.html"));
        foreach (var section in ActLab.Plotting.RunReport.Sections) Assert.Contains($"<h2>{section}</h2>", html);
        Assert.Equal(2, html.Split("data:image/png;base64,").Length - 1); // curves and decision map, embedded
        Assert.DoesNotContain("http://", html);
        Assert.DoesNotContain("https://", html);
        Assert.Contains("Confusion matrix", html);
        Assert.Contains("0.weight", html);
    }

    [Fact]
    public void Plot_run_boundary_and_gallery_draw_from_a_run()
    {
        string dir = Directory.CreateTempSubdirectory("actlab-report-").FullName;
        string data = Path.Combine(dir, "b.csv"), run = Path.Combine(dir, "run");
        Assert.Equal(0, Run("generate", "blobs", "--classes", "3", "--samples", "150", "--out", data).ExitCode);
        Assert.Equal(0, Run("train", "--data", data, "--epochs", "5", "--lr", "0.01", "--out", run).ExitCode);
        Assert.Equal(0, Run("plot", "run", run, "--log", "--out", Path.Combine(dir, "c.svg")).ExitCode);
        var svgTexts = System.Xml.Linq.XDocument.Load(Path.Combine(dir, "c.svg")).Descendants(System.Xml.Linq.XName.Get("text", "http://www.w3.org/2000/svg")).Select(t => t.Value.Trim()).ToList();
        Assert.Contains("training loss", svgTexts);
        Assert.Contains("0.1", svgTexts); // a tick at every power of ten on the log axis
        Assert.Contains("1", svgTexts);
        Assert.Contains("loss (log scale)", svgTexts);
        Assert.Equal(0, Run("plot", "boundary", run, "--out", Path.Combine(dir, "m.png")).ExitCode);
        var g = Run("plot", "gallery", "--out", Path.Combine(dir, "gallery"));
        Assert.Equal(0, g.ExitCode);
        Assert.True(File.Exists(Path.Combine(dir, "gallery", "sigmoid.png")));
        Assert.True(File.Exists(Path.Combine(dir, "gallery", "seed-003-combined.png")));
        Assert.Equal(2, Run("plot", "gallery", "--out", Path.Combine(dir, "gallery")).ExitCode); // no overwrite without --force
        var notRun = Run("plot", "run", dir, "--out", Path.Combine(dir, "x.png"));
        Assert.Equal(2, notRun.ExitCode);
        Assert.Contains("is not a run folder", notRun.Err);
    }
}

public class HistogramTests
{
    [Fact]
    public void Gradient_histograms_of_a_deep_sigmoid_net_narrow_toward_the_input()
    {
        string dir = Directory.CreateTempSubdirectory("actlab-hist-").FullName;
        string data = Path.Combine(dir, "s.csv"), run = Path.Combine(dir, "run");
        Assert.Equal(0, Run("generate", "spiral", "--out", data, "--noise", "0.1").ExitCode);
        Assert.Equal(0, Run("train", "--data", data, "--hidden", "32,32,32,32,32", "--activation", "sigmoid", "--epochs", "2", "--out", run).ExitCode);
        var chart = ActLab.Plotting.LayerHistograms.Build(run, ActLab.Plotting.LayerHistograms.Kind.Gradients);
        Assert.Equal(5, chart.Series.Count);
        // The spread (standard deviation of the histogram) shrinks from the last hidden layer to the first: vanishing gradients.
        double Spread(ActLab.Plotting.Series s)
        {
            double m = s.X.Zip(s.Y).Sum(p => p.First * p.Second);
            return Math.Sqrt(s.X.Zip(s.Y).Sum(p => (p.First - m) * (p.First - m) * p.Second));
        }
        Assert.True(Spread(chart.Series[0]) < Spread(chart.Series[^1]), $"first {Spread(chart.Series[0])}, last {Spread(chart.Series[^1])}");
        // Numbered as inspect numbers layers: by their linear layer (0, 2, 4, …), one panel each.
        Assert.Equal(["layer 0: linear(2,32) → sigmoid", "layer 2: linear(32,32) → sigmoid", "layer 4: linear(32,32) → sigmoid", "layer 6: linear(32,32) → sigmoid", "layer 8: linear(32,32) → sigmoid"],
            chart.Series.Select(s => s.Label));
        var r = Run("plot", "histograms", run, "--kind", "activations", "--out", Path.Combine(dir, "a.png"));
        Assert.Equal(0, r.ExitCode);
        Assert.Contains("(900×1310, 6 panels)", r.Out); // automatic height: 200 per panel
        var svg = Run("plot", "histograms", run, "--out", Path.Combine(dir, "a.svg"));
        Assert.Equal(2, svg.ExitCode);
        Assert.Contains(".png only", svg.Err);
        Assert.False(File.Exists(Path.Combine(dir, "a.svg")));
        Assert.Equal(2, Run("plot", "histograms", run, "--bins", "1", "--out", Path.Combine(dir, "b.png")).ExitCode);
    }
}

public class InspectCommandTests
{
    [Fact]
    public void Inspect_reports_layers_for_a_model_at_init_and_for_a_run()
    {
        string dir = Directory.CreateTempSubdirectory("actlab-inspect-").FullName;
        string data = Path.Combine(dir, "s.csv"), run = Path.Combine(dir, "run");
        Assert.Equal(0, Run("generate", "spiral", "--out", data).ExitCode);
        var r = Run("inspect", "--model", "linear(2,30) sigmoid linear(30,30) sigmoid linear(30,1) sigmoid", "--data", data, "--json");
        Assert.Equal(0, r.ExitCode);
        using var doc = System.Text.Json.JsonDocument.Parse(r.Out);
        Assert.Equal(3, doc.RootElement.GetProperty("layers").GetArrayLength());
        Assert.True(doc.RootElement.GetProperty("firstOverLastHiddenBiasGradientNorm").GetDouble() < 1);
        Assert.Equal(0, Run("train", "--data", data, "--epochs", "2", "--out", run).ExitCode);
        var t = Run("inspect", "--run", run);
        Assert.Equal(0, t.ExitCode);
        Assert.Contains("(output)", t.Out);
        Assert.Contains("‖δ‖", t.Out);
    }

    [Theory]
    [InlineData(new[] { "inspect" }, "give either --run DIR or --model SPEC")]
    [InlineData(new[] { "inspect", "--model", "linear(2,3) relu linear(3,1)" }, "--model needs --data FILE")]
    [InlineData(new[] { "inspect", "--run", "/no/such/run" }, "no such run folder")]
    public void Bad_inspect_input_is_one_line_and_exit_2(string[] args, string expected)
    {
        var r = Run(args);
        Assert.Equal(2, r.ExitCode);
        Assert.Contains(expected, r.Err);
    }
}

public class CompareCommandTests
{
    [Fact]
    public void Compare_writes_json_csv_and_a_report_with_pictures()
    {
        string dir = Path.Combine(Directory.CreateTempSubdirectory("actlab-cmp-").FullName, "cmp");
        var r = Run("compare", "--activations", "sigmoid,relu", "--dataset", "xor", "--depth", "2", "--width", "8", "--seeds", "2", "--epochs", "3",
            "--out", dir, "--report", Path.Combine(dir, "..", "study.md"));
        Assert.Equal(0, r.ExitCode);
        Assert.Contains("4 runs in", r.Out);
        using var doc = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "compare.json")));
        Assert.Equal(2, doc.RootElement.GetProperty("rows").GetArrayLength());
        Assert.Equal(3, File.ReadAllLines(Path.Combine(dir, "compare.csv")).Length);
        Assert.True(File.Exists(Path.Combine(dir, "xor-curves.png")));
        string study = File.ReadAllText(Path.Combine(dir, "..", "study.md"));
        Assert.Contains("](cmp/xor-gradient-profile.png)", study);
        Assert.Contains("## Recommendations", study);
        // Each run, one JSON line, written as it finished.
        var lines = File.ReadAllLines(Path.Combine(dir, "runs.jsonl"));
        Assert.Equal(4, lines.Length);
        var parsed = lines.Select(l => System.Text.Json.JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal(["relu/0", "relu/1", "sigmoid/0", "sigmoid/1"], parsed.Select(p => $"{p.GetProperty("activation").GetString()}/{p.GetProperty("seed").GetInt32()}").Order());
        Assert.All(parsed, p => Assert.Equal(3, p.GetProperty("trainLoss").GetArrayLength()));
    }

    [Fact]
    public void Compare_with_bad_input_leaves_no_folder()
    {
        string dir = Path.Combine(Directory.CreateTempSubdirectory("actlab-cmp-").FullName, "cmp");
        Assert.Equal(2, Run("compare", "--activations", "relu,nope", "--out", dir).ExitCode);
        Assert.False(Directory.Exists(dir));
    }

    [Theory]
    [InlineData(new[] { "compare", "--activations", "relu,nope" }, "Unknown activation 'nope'")]
    [InlineData(new[] { "compare", "--depth", "0" }, "--depth: The depth must be at least 1")]
    [InlineData(new[] { "compare", "--seeds", "0" }, "--seeds: The number of seeds must be at least 1")]
    [InlineData(new[] { "compare", "--dataset", "rings" }, "Unknown data set 'rings'")]
    public void Bad_compare_input_is_one_line_and_exit_2(string[] args, string expected)
    {
        string dir = Path.Combine(Directory.CreateTempSubdirectory("actlab-cmp-").FullName, "out");
        var r = Run([.. args, "--out", dir]);
        Assert.Equal(2, r.ExitCode);
        Assert.Contains(expected, r.Err);
    }
}

public class InspectTrackingTests
{
    [Fact]
    public void Tracking_shows_relu_units_dying_at_a_high_learning_rate_and_init_rebuilds_the_runs_first_weights()
    {
        string dir = Directory.CreateTempSubdirectory("actlab-track-").FullName;
        string data = Path.Combine(dir, "s.csv"), run = Path.Combine(dir, "run");
        Assert.Equal(0, Run("generate", "spiral", "--out", data, "--noise", "0.1").ExitCode);
        var r = Run("inspect", "--model", "linear(2,32) relu linear(32,32) relu linear(32,1)", "--data", data, "--lr", "0.05", "--every", "10", "--epochs", "30", "--json");
        Assert.Equal(0, r.ExitCode);
        using var doc = System.Text.Json.JsonDocument.Parse(r.Out);
        var snaps = doc.RootElement.GetProperty("snapshots").EnumerateArray().ToList();
        Assert.Equal([0, 10, 20, 30], snaps.Select(s => s.GetProperty("epoch").GetInt32()));
        double Dead(System.Text.Json.JsonElement s) => s.GetProperty("layers").EnumerateArray().Where(l => !l.GetProperty("isOutput").GetBoolean()).Max(l => l.GetProperty("deadFraction").GetDouble());
        Assert.True(Dead(snaps[^1]) > Dead(snaps[0]), $"dead units should grow at lr 0.05: {Dead(snaps[0])} → {Dead(snaps[^1])}");

        Assert.Equal(0, Run("train", "--data", data, "--hidden", "8", "--epochs", "3", "--seed", "4", "--out", run).ExitCode);
        using var atInit = System.Text.Json.JsonDocument.Parse(Run("inspect", "--run", run, "--at", "init", "--json").Out);
        using var atInit2 = System.Text.Json.JsonDocument.Parse(Run("inspect", "--run", run, "--at", "init", "--json").Out);
        using var atEnd = System.Text.Json.JsonDocument.Parse(Run("inspect", "--run", run, "--json").Out);
        string Key(System.Text.Json.JsonDocument d) => d.RootElement.GetProperty("layers")[0].GetProperty("weightGradNorm").GetRawText();
        Assert.Equal(Key(atInit), Key(atInit2));
        Assert.NotEqual(Key(atInit), Key(atEnd));
    }
}
