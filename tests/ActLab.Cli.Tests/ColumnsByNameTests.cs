using static ActLab.Cli.Tests.CliRunner;

namespace ActLab.Cli.Tests;

/// <summary>evaluate and predict match feature columns by header name, as scikit-learn's feature_names_in_.</summary>
public class ColumnsByNameTests
{
    private static (string Dir, string Data, string Run) Trained()
    {
        string dir = Directory.CreateTempSubdirectory("actlab-cols-").FullName, data = Path.Combine(dir, "g.csv"), run = Path.Combine(dir, "run");
        Assert.Equal(0, Run("generate", "gaussians", "--out", data, "--per-class", "60", "--seed", "3").ExitCode);
        Assert.Equal(0, Run("train", "--data", data, "--hidden", "8", "--epochs", "5", "--standardize", "--out", run).ExitCode);
        return (dir, data, run);
    }

    private static string Rewrite(string dir, string data, string name, Func<string[], string[]> row)
    {
        string path = Path.Combine(dir, name);
        File.WriteAllLines(path, File.ReadAllLines(data).Select((l, i) => string.Join(",", row(l.Split(',')))));
        return path;
    }

    [Fact]
    public void Columns_in_another_order_give_the_same_predictions_and_evaluation()
    {
        var (dir, data, run) = Trained();
        string swapped = Rewrite(dir, data, "swapped.csv", c => [c[2], c[1], c[0]]);
        string unlabelled = Rewrite(dir, data, "features.csv", c => [c[1], c[0]]);
        var a = Run("predict", "--run", run, "--data", data, "--split", "all");
        Assert.Equal(0, a.ExitCode);
        Assert.Equal(a.Out, Run("predict", "--run", run, "--data", swapped).Out);
        Assert.Equal(a.Out, Run("predict", "--run", run, "--data", unlabelled).Out);
        string Scores(string file, params string[] extra) => string.Join("\n", Run(["evaluate", "--run", run, "--data", file, "--json", .. extra]).Out.Split('\n').Where(l => !l.Contains("\"scored\"")));
        Assert.Equal(Scores(data, "--split", "all"), Scores(swapped));
    }

    [Fact]
    public void Missing_or_unexpected_columns_and_unknown_labels_are_one_line_errors()
    {
        var (dir, data, run) = Trained();
        var missing = Run("evaluate", "--run", run, "--data", Rewrite(dir, data, "missing.csv", c => [c[0], c[2]]));
        Assert.Equal(2, missing.ExitCode);
        Assert.Contains("feature column 'feature2' is missing", missing.Err);
        var extra = Run("predict", "--run", run, "--data", Rewrite(dir, data, "extra.csv", c => [.. c, c[0] == "feature1" ? "age" : "1"]));
        Assert.Equal(2, extra.ExitCode);
        Assert.Contains("column 'age' is not among the model's features", extra.Err);
        var labels = Run("evaluate", "--run", run, "--data", Rewrite(dir, data, "catdog.csv", c => [c[0], c[1], c[2] switch { "0" => "cat", "1" => "dog", var h => h }]));
        Assert.Equal(2, labels.ExitCode);
        Assert.Contains("are not among the model's classes (0, 1)", labels.Err);
        Assert.Single(labels.Err.Trim().Split('\n'));
        var duplicate = Run("evaluate", "--run", run, "--data", Rewrite(dir, data, "dup.csv", c => [c[0], c[0] == "feature1" ? "feature1" : c[1], c[2]]));
        Assert.Equal(2, duplicate.ExitCode);
        Assert.Contains("'feature1' appears 2 times", duplicate.Err);
    }

    [Fact]
    public void A_model_that_ends_in_logits_trains_with_the_logits_loss_and_predicts_probabilities()
    {
        var (dir, data, _) = Trained();
        string run = Path.Combine(dir, "logits");
        var r = Run("train", "--data", data, "--model", "linear(2,8) relu linear(8,1)", "--epochs", "5", "--out", run);
        Assert.Equal(0, r.ExitCode);
        Assert.Contains("Loss: bce-logits", r.Out);
        var p = Run("predict", "--run", run, "--data", data);
        Assert.All(p.OutLines.Skip(1), l => Assert.InRange(double.Parse(l.Split(',')[0], System.Globalization.CultureInfo.InvariantCulture), 0, 1));
        var bad = Run("inspect", "--model", "linear(2,4) relu linear(4,1) log-sigmoid", "--data", data);
        Assert.Equal(2, bad.ExitCode);
        Assert.Contains("ends in log-sigmoid", bad.Err);
        Assert.DoesNotContain("--loss", bad.Err);
    }

    [Fact]
    public void The_report_names_the_run_not_its_staging_folder_and_nothing_is_left_beside_it()
    {
        var (dir, _, run) = Trained();
        string html = File.ReadAllText(Path.Combine(run, "report.html"));
        Assert.Contains("<h1>ActLab run: run</h1>", html);
        Assert.DoesNotContain("staging", html);
        Assert.DoesNotContain(Directory.EnumerateFileSystemEntries(dir), e => Path.GetFileName(e).StartsWith('.'));
    }

    [Fact]
    public void Inspect_and_histograms_of_a_standardised_run_see_the_inputs_as_training_saw_them()
    {
        // Features offset by 500: unstandardised, the hidden pre-activations would be in the hundreds. The commands
        // standardise the rows they use (not a copy of the whole data set) with the run's constants.
        var (dir, data, _) = Trained();
        string far = Rewrite(dir, data, "far.csv", c => c[0] == "feature1" ? c : [.. c.Take(2).Select(v => (double.Parse(v, System.Globalization.CultureInfo.InvariantCulture) + 500).ToString("R", System.Globalization.CultureInfo.InvariantCulture)), c[2]]);
        string run = Path.Combine(dir, "far-run");
        Assert.Equal(0, Run("train", "--data", far, "--hidden", "8", "--activation", "tanh", "--epochs", "5", "--standardize", "--out", run).ExitCode);
        var r = Run("inspect", "--run", run, "--json");
        Assert.Equal(0, r.ExitCode);
        using var doc = System.Text.Json.JsonDocument.Parse(r.Out);
        var layer = doc.RootElement.GetProperty("layers")[0];
        Assert.InRange(Math.Abs(layer.GetProperty("preMean").GetDouble()), 0, 5);
        Assert.InRange(layer.GetProperty("saturatedFraction").GetDouble(), 0, 0.5);
        Assert.Equal(0, Run("plot", "histograms", run, "--out", Path.Combine(dir, "h.png")).ExitCode);
    }
}
