using System.Globalization;
using System.Text.Json;
using static ActLab.Cli.Tests.CliRunner;

namespace ActLab.Cli.Tests;

/// <summary>Issue 9's "results that look fine and are wrong": the label column, the task, the rows scored, small data.</summary>
public class HonestResultsTests
{
    private static string Dir() => Directory.CreateTempSubdirectory("actlab-honest-").FullName;

    private static string Csv(string dir, string name, string header, int rows, Func<int, Random, string> row)
    {
        var random = new Random(3);
        string path = Path.Combine(dir, name);
        File.WriteAllLines(path, [header, .. Enumerable.Range(0, rows).Select(i => row(i, random))]);
        return path;
    }

    [Fact]
    public void A_label_first_csv_uses_the_column_named_label_and_says_so_before_training()
    {
        string dir = Dir();
        string data = Csv(dir, "mnist_like.csv", "label,pixel0,pixel1,pixel2", 200, (i, r) => $"{i % 3},{r.Next(256)},{r.Next(256)},{r.Next(256)}");
        var t = Run("train", "--data", data, "--epochs", "1", "--out", Path.Combine(dir, "run"));
        Assert.Equal(0, t.ExitCode);
        Assert.Contains("label 'label' (found by its name; --label chooses another): multiclass, 3 classes (0, 1, 2)", t.Out);
        Assert.True(t.Out.IndexOf("label 'label'", StringComparison.Ordinal) < t.Out.IndexOf("Epoch [", StringComparison.Ordinal));
    }

    [Fact]
    public void Integer_targets_and_fractions_among_whole_numbers_are_refused_with_a_hint()
    {
        string dir = Dir();
        string many = Csv(dir, "price.csv", "a,b,price", 300, (i, r) => $"{r.NextDouble()},{r.NextDouble()},{100 + r.Next(49)}");
        var m = Run("train", "--data", many, "--epochs", "1", "--out", Path.Combine(dir, "m"));
        Assert.Equal(2, m.ExitCode);
        Assert.Contains("has 49 distinct whole numbers in 300 rows", m.Err);
        Assert.Contains("Use --label COLUMN or --regression.", m.Err);
        Assert.Equal(0, Run("train", "--data", many, "--regression", "--epochs", "1", "--out", Path.Combine(dir, "m2")).ExitCode);

        string typo = Csv(dir, "typo.csv", "a,b,c", 100, (i, r) => $"{r.NextDouble()},{r.NextDouble()},{(i == 7 ? "1.0000001" : (i % 2).ToString(CultureInfo.InvariantCulture))}");
        var f = Run("train", "--data", typo, "--epochs", "1", "--out", Path.Combine(dir, "f"));
        Assert.Equal(2, f.ExitCode);
        Assert.Contains("typo.csv:9:", f.Err);
        Assert.Contains("'1.0000001' in column 'c' is a fraction among 99 whole-number labels", f.Err);

        string zeros = Csv(dir, "zeros.csv", "a,b,c", 60, (i, r) => $"{r.NextDouble()},{r.NextDouble()},{(i % 3) switch { 0 => "0", 1 => "-0", _ => "1" }}");
        var z = Run("train", "--data", zeros, "--epochs", "1", "--out", Path.Combine(dir, "z"));
        Assert.Equal(0, z.ExitCode);
        Assert.Contains("binary, 2 classes (0, 1)", z.Out);
    }

    [Fact]
    public void Four_row_xor_trains_with_the_whole_set_as_one_batch()
    {
        string dir = Dir(), data = Path.Combine(dir, "xor.csv");
        File.WriteAllText(data, "x1,x2,y\n0,0,0\n0,1,1\n1,0,1\n1,1,0\n");
        var r = Run("train", "--data", data, "--hidden", "8", "--activation", "tanh", "--epochs", "500", "--lr", "0.05", "--split", "1,0,0", "--out", Path.Combine(dir, "run"));
        Assert.Equal(0, r.ExitCode);
        Assert.Contains("--batch-size 32 is larger than the 4 training rows; each step uses all of them", r.Out);
        using var cfg = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "run", "config.json")));
        Assert.Equal(4, cfg.RootElement.GetProperty("batchSize").GetInt32()); // what was used is what is recorded
        var p = Run("predict", "--run", Path.Combine(dir, "run"), "--data", data);
        Assert.Equal(["0", "1", "1", "0"], p.OutLines.Skip(1).Select(l => l.Split(',')[1]));
    }

    [Fact]
    public void Evaluate_and_predict_score_the_test_split_of_the_runs_own_data_unless_told()
    {
        string dir = Dir(), data = Path.Combine(dir, "g.csv"), run = Path.Combine(dir, "run");
        Assert.Equal(0, Run("generate", "gaussians", "--out", data, "--rng", "numpy").ExitCode);
        Assert.Equal(0, Run("train", "--data", data, "--hidden", "8", "--epochs", "20", "--out", run).ExitCode);
        int Rows(params string[] extra)
        {
            var r = Run(["evaluate", "--run", run, "--data", data, "--json", .. extra]);
            Assert.Equal(0, r.ExitCode);
            return JsonDocument.Parse(r.Out).RootElement.GetProperty("rows").GetInt32();
        }
        Assert.Equal(100, Rows());
        Assert.Equal(100, Rows("--split", "validation"));
        Assert.Equal(800, Rows("--split", "train"));
        Assert.Equal(1000, Rows("--split", "all"));
        using var summary = JsonDocument.Parse(File.ReadAllText(Path.Combine(run, "summary.json")));
        using var eval = JsonDocument.Parse(Run("evaluate", "--run", run, "--data", data, "--json").Out);
        Assert.Equal(summary.RootElement.GetProperty("testAccuracy").GetDouble(), eval.RootElement.GetProperty("accuracy").GetDouble(), 1e-12);
        // train's test loss is the mean over rows, as evaluate's (not a mean of batch means: 100 rows are 3 full batches and one of 4).
        Assert.Equal(summary.RootElement.GetProperty("testLoss").GetDouble(), eval.RootElement.GetProperty("loss").GetDouble(), 1e-5);
        Assert.InRange(eval.RootElement.GetProperty("rocAuc").GetDouble(), 0.9, 1.0);
        Assert.InRange(eval.RootElement.GetProperty("macroF1").GetDouble(), 0.8, 1.0);
        Assert.Contains("the test split (100 of 1,000 rows)", File.ReadAllText(Path.Combine(run, "report.html")));

        string copy = Path.Combine(dir, "copy.csv");
        File.Copy(data, copy);
        Assert.Equal(1000, JsonDocument.Parse(Run("evaluate", "--run", run, "--data", copy, "--json").Out).RootElement.GetProperty("rows").GetInt32());
        var refused = Run("evaluate", "--run", run, "--data", copy, "--split", "test");
        Assert.Equal(2, refused.ExitCode);
        Assert.Contains("exists only in the run's own data file", refused.Err);
        var p = Run("predict", "--run", run, "--data", data, "--json");
        Assert.Equal(100, JsonDocument.Parse(p.Out).RootElement.GetProperty("predictions").GetArrayLength());
    }

    [Fact]
    public void Regression_is_evaluated_with_mse_rmse_mae_and_r2()
    {
        string dir = Dir();
        string data = Csv(dir, "line.csv", "a,b,y", 400, (i, r) => { double a = r.NextDouble(), b = r.NextDouble(); return FormattableString.Invariant($"{a},{b},{2 * a - b + 0.01 * r.NextDouble()}"); });
        string run = Path.Combine(dir, "run");
        Assert.Equal(0, Run("train", "--data", data, "--hidden", "16", "--epochs", "60", "--lr", "0.01", "--out", run).ExitCode);
        using var e = JsonDocument.Parse(Run("evaluate", "--run", run, "--data", data, "--json").Out);
        var o = e.RootElement;
        Assert.Equal(Math.Sqrt(o.GetProperty("mse").GetDouble()), o.GetProperty("rmse").GetDouble(), 1e-12);
        Assert.InRange(o.GetProperty("r2").GetDouble(), 0.9, 1.0);
        Assert.False(o.TryGetProperty("accuracy", out _));
    }
}
