using System.Globalization;
using System.Text.Json;
using ActLab.Core.Runs;
using static ActLab.Cli.Tests.CliRunner;

namespace ActLab.Cli.Tests;

/// <summary>actlab import: a model made in PyTorch predicts in ActLab what it predicted in PyTorch; a run exported to
/// PyTorch's layout and imported back predicts bit for bit the same; bad weights are refused by name.</summary>
public class ImportCommandTests
{
    private static string GoldenPath(string name) => Path.Combine(AppContext.BaseDirectory, "Golden", name);

    [Fact]
    public void A_model_made_in_PyTorch_predicts_what_PyTorch_did()
    {
        var golden = JsonDocument.Parse(File.ReadAllText(GoldenPath("torch_state_dict.json"))).RootElement;
        string run = Path.Combine(Directory.CreateTempSubdirectory("actlab-import-").FullName, "run");
        var r = Run("import", "--weights", GoldenPath("torch_state_dict.safetensors"), "--model", golden.GetProperty("model").GetString()!,
            "--labels", string.Join(",", golden.GetProperty("labels").EnumerateArray().Select(l => l.GetString())), "--out", run);
        Assert.True(r.ExitCode == 0, r.Err);
        var loaded = TrainedRun.Load(run);
        Assert.Equal("imported", loaded.Summary!.Status);
        Assert.Equal(["feature1", "feature2", "feature3"], loaded.Features);
        var rows = golden.GetProperty("rows").EnumerateArray().Select(x => x.EnumerateArray().Select(v => (float)v.GetDouble()).ToArray()).ToArray();
        var ours = loaded.Predict(rows);
        var torch = golden.GetProperty("probabilities").EnumerateArray().Select(x => x.EnumerateArray().Select(v => v.GetDouble()).ToArray()).ToArray();
        for (int i = 0; i < rows.Length; i++)
            for (int k = 0; k < 3; k++)
                Assert.True(Math.Abs(ours[i, k] - torch[i][k]) <= 1e-6, $"row {i}, class {k}: ActLab {ours[i, k]}, PyTorch {torch[i][k]}");
    }

    [Fact]
    public void A_run_exported_to_PyTorch_and_imported_back_predicts_bit_for_bit_the_same()
    {
        string dir = Directory.CreateTempSubdirectory("actlab-roundtrip-").FullName, data = Path.Combine(dir, "s.csv"), run = Path.Combine(dir, "run");
        Assert.Equal(0, Run("generate", "spiral", "--out", data, "--classes", "3", "--samples", "300", "--seed", "2").ExitCode);
        Assert.Equal(0, Run("train", "--data", data, "--model", "linear(2,16) prelu:num-parameters=16 linear(16,16) gelu:approximate=tanh linear(16,3)", "--epochs", "5", "--out", run).ExitCode);
        var exported = Run("export", "--run", run, "--format", "pytorch", "--out", Path.Combine(dir, "torch"), "--json");
        Assert.Equal(0, exported.ExitCode);
        Assert.Equal(2, JsonDocument.Parse(exported.Out).RootElement.GetProperty("files").GetArrayLength());
        var original = TrainedRun.Load(run);
        string back = Path.Combine(dir, "back");
        var r = Run("import", "--weights", Path.Combine(dir, "torch", "model.safetensors"), "--model", original.Definition.Canonical,
            "--labels", string.Join(",", original.Classes), "--features", string.Join(",", original.Features), "--out", back, "--json");
        Assert.True(r.ExitCode == 0, r.Err);
        Assert.Equal("multiclass", JsonDocument.Parse(r.Out).RootElement.GetProperty("task").GetString());
        var imported = TrainedRun.Load(back);
        var rows = Enumerable.Range(0, 200).Select(i => new[] { (float)Math.Sin(i * 0.37) * 3, (float)Math.Cos(i * 0.11) * 3 }).ToArray();
        Assert.Equal(original.Predict(rows).Data, imported.Predict(rows).Data);
        // And the commands work on it: predict and evaluate read a CSV by the run's feature names.
        Assert.Equal(0, Run("evaluate", "--run", back, "--data", data).ExitCode);
        Assert.Equal(Run("predict", "--run", run, "--data", data, "--split", "all").Out, Run("predict", "--run", back, "--data", data).Out);
    }

    [Fact]
    public void Standardisation_constants_come_from_the_given_csv()
    {
        string dir = Directory.CreateTempSubdirectory("actlab-import-").FullName, csv = Path.Combine(dir, "d.csv");
        File.WriteAllText(csv, "u,v,w,label\n1,0.5,-1,a\n0,0,1,b\n2,1,0,c\n-1,-2,0.5,a\n");
        var golden = JsonDocument.Parse(File.ReadAllText(GoldenPath("torch_state_dict.json"))).RootElement;
        var r = Run("import", "--weights", GoldenPath("torch_state_dict.safetensors"), "--model", golden.GetProperty("model").GetString()!, "--labels", "a,b,c",
            "--standardize-from", csv, "--out", Path.Combine(dir, "run"));
        Assert.True(r.ExitCode == 0, r.Err);
        var run = TrainedRun.Load(Path.Combine(dir, "run"));
        Assert.Equal(["u", "v", "w"], run.Features);
        Assert.Equal([0.5f, -0.125f, 0.125f], run.Config.Standardize!.Mean);
        Assert.Equal((float)Math.Sqrt(1.25), run.Config.Standardize.Std[0]); // population std of 1, 0, 2, -1
    }

    [Theory]
    [InlineData("linear(3,8) elu linear(8,4) relu linear(4,3)", "a,b,c", "tensor '2.weight' has shape [8,8], 'linear(3,8) elu linear(8,4) relu linear(4,3)' needs [4,8]")]
    [InlineData("linear(3,8) elu linear(8,8) relu linear(8,3) relu linear(3,3)", "a,b,c", "tensor '6.weight' of 'linear(3,8) elu linear(8,8) relu linear(8,3) relu linear(3,3)' is missing")]
    [InlineData("linear(3,8) elu linear(8,8)", "a,b,c", "tensor '4.bias' is not a parameter of 'linear(3,8) elu linear(8,8)'")]
    [InlineData("linear(3,8) elu linear(8,8) relu linear(8,3)", "a,b", "The model gives 3 outputs but the label has 2 classes")]
    [InlineData("linear(3,8) elu linear(8,8) relu linear(8,3)", "a,b,a", "A label is listed twice")]
    [InlineData("linear(3,8) elu lin(8,8)", "a,b,c", "--model")]
    public void Weights_that_do_not_fit_are_refused_by_name_and_nothing_is_written(string model, string labels, string expected)
    {
        string dir = Path.Combine(Directory.CreateTempSubdirectory("actlab-import-").FullName, "run");
        var r = Run("import", "--weights", GoldenPath("torch_state_dict.safetensors"), "--model", model, "--labels", labels, "--out", dir);
        Assert.Equal(2, r.ExitCode);
        Assert.Contains(expected, r.Err);
        Assert.Single(r.Err.Trim().Split('\n'));
        Assert.False(Directory.Exists(dir));
    }

    [Fact]
    public void A_file_that_is_not_safetensors_and_an_existing_folder_are_refused()
    {
        string dir = Directory.CreateTempSubdirectory("actlab-import-").FullName, bad = Path.Combine(dir, "x.safetensors");
        File.WriteAllText(bad, "x,y\n1,2\n");
        var r = Run("import", "--weights", bad, "--model", "linear(2,1)", "--out", Path.Combine(dir, "run"));
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("x.safetensors", r.Err);
        Assert.False(Directory.Exists(Path.Combine(dir, "run")));
        var golden = JsonDocument.Parse(File.ReadAllText(GoldenPath("torch_state_dict.json"))).RootElement;
        string[] args = ["import", "--weights", GoldenPath("torch_state_dict.safetensors"), "--model", golden.GetProperty("model").GetString()!, "--labels", "a,b,c", "--out", Path.Combine(dir, "run2")];
        Assert.Equal(0, Run(args).ExitCode);
        var again = Run(args);
        Assert.Equal(2, again.ExitCode);
        Assert.Contains("--force", again.Err);
        Assert.Equal(0, Run([.. args, "--force"]).ExitCode);
    }

    [Fact]
    public void Inspect_on_one_hidden_layer_says_why_there_is_no_gradient_ratio()
    {
        string dir = Directory.CreateTempSubdirectory("actlab-inspect-").FullName, data = Path.Combine(dir, "m.csv");
        Assert.Equal(0, Run("generate", "moons", "--out", data).ExitCode);
        Assert.Equal(0, Run("train", "--data", data, "--hidden", "8", "--epochs", "2", "--out", Path.Combine(dir, "run")).ExitCode);
        var r = Run("inspect", "--run", Path.Combine(dir, "run"), "--data", data);
        Assert.Equal(0, r.ExitCode);
        Assert.Contains("needs two hidden layers or more; this model has one", r.Out);
        Assert.DoesNotContain("NaN", r.Out);
    }
}
