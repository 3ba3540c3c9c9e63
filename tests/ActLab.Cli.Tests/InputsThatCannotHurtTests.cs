using static ActLab.Cli.Tests.CliRunner;

namespace ActLab.Cli.Tests;

/// <summary>Issue 9's inputs that hurt: devices, binary bytes, quote edge cases, lists written with spaces, names without defaults.</summary>
public class InputsThatCannotHurtTests
{
    private static string File(string name, string text)
    {
        string path = Path.Combine(Directory.CreateTempSubdirectory("actlab-csv-").FullName, name);
        System.IO.File.WriteAllText(path, text);
        return path;
    }

    [Theory]
    [InlineData("a,b,label\n\"0\" ,1,0\n1,1,1\n2,x,0\n", "q.csv:4:3: 'x' in column 'b' is not a number")] // a space after a closing quote keeps line numbers right
    [InlineData("a,b,label\n\"0\"x,1,0\n1,1,1\n", "q.csv:2:4: 'x' follows a closing quote")]
    [InlineData("a,b,label\n1.0\0,1,0\n1,1,1\n", "q.csv:2:4: a control character (\\0) is not CSV text")]
    [InlineData("a,b,label\n1,2,0\n3,4,1\n5,6,2\n7,8,0\n9,10,1\n11,12,2\n13,14,1.0000001\n", "is a fraction among 6 whole-number labels")]
    [InlineData("a,label,label\n1,0,1\n2,1,0\n", "the column name 'label' appears 2 times")]
    public void Csv_edge_cases_are_one_line_errors_at_the_right_place(string text, string message)
    {
        string dir = Directory.CreateTempSubdirectory("actlab-edge-").FullName;
        var r = Run("train", "--data", File("q.csv", text), "--out", Path.Combine(dir, "run"));
        Assert.Equal(2, r.ExitCode);
        Assert.Contains(message, r.Err);
        Assert.False(Directory.Exists(Path.Combine(dir, "run")));
        Assert.Empty(Directory.EnumerateFileSystemEntries(dir));
    }

    [Fact]
    public void A_device_as_data_is_refused_at_once()
    {
        string dir = Directory.CreateTempSubdirectory("actlab-dev-").FullName;
        var r = Run("train", "--data", "/dev/zero", "--out", Path.Combine(dir, "run"));
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("not a regular file", r.Err);
        Assert.Equal(2, Run("evaluate", "--run", "/dev/null", "--data", "/dev/zero").ExitCode);
    }

    [Fact]
    public void A_list_written_with_spaces_gets_a_hint_about_commas()
    {
        var r = Run("train", "--data", "x.csv", "--hidden", "16", "16");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("Lists are comma-separated: --hidden 16,16.", r.Err);
    }

    [Fact]
    public void Describe_works_for_every_name_list_prints()
    {
        foreach (var e in ActLab.Kernels.Catalogue.Catalogue.All.Where(e => e.Origin != ActLab.Kernels.Catalogue.Origin.User))
        {
            var r = Run("describe", e.Key, "--json");
            Assert.True(r.ExitCode == 0, $"describe {e.Key}: {r.Err}");
        }
        Assert.Contains("shown as threshold:threshold=1,value=1", Run("describe", "threshold").Out);
    }
}

/// <summary>Issue 9's "every option either works or is refused", eval's Jacobian limit, and the unstable status.</summary>
public class OptionsThatApplyTests
{
    [Theory]
    [InlineData("circle --classes 3", "--classes does not apply to circle")]
    [InlineData("circle --noise 0.9", "--noise for circle is the Playground's slider/100, 0–0.5")]
    [InlineData("gaussians --samples 10", "--samples does not apply to gaussians")]
    [InlineData("blobs --per-class 5", "--per-class does not apply to blobs")]
    [InlineData("spiral --rng numpy", "--rng does not apply to spiral")]
    [InlineData("blobs --classes 1", "--classes must be 2–100")]
    public void Generator_options_that_do_not_apply_or_are_out_of_range_are_refused(string args, string message)
    {
        string path = Path.Combine(Directory.CreateTempSubdirectory("actlab-gen-").FullName, "d.csv");
        var r = Run(["generate", .. args.Split(' '), "--out", path]);
        Assert.Equal(2, r.ExitCode);
        Assert.Contains(message, r.Err);
        Assert.False(File.Exists(path));
    }

    [Fact]
    public void Eval_never_builds_a_jacobian_over_its_limit()
    {
        string path = Path.Combine(Directory.CreateTempSubdirectory("actlab-jac-").FullName, "v.txt");
        File.WriteAllText(path, string.Join(' ', Enumerable.Range(0, 6000).Select(i => i % 7)));
        long before = GC.GetAllocatedBytesForCurrentThread();
        var json = Run("eval", "softmax", "--input", path, "--json");
        Assert.Equal(0, json.ExitCode);
        Assert.DoesNotContain("jacobian", json.Out);
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 64 << 20, "eval allocated over 64 MB for 6,000 values");
        Assert.Contains("add --jacobian", Run("eval", "softmax", "--input", path, "--grad").Err);
        Assert.Contains("over the limit of 1,000,000", Run("eval", "softmax", "--input", path, "--jacobian").Err);
        Assert.Contains("Jacobian dy_i/dx_j", Run("eval", "softmax", "2", "1", "0.1", "--grad").Out);
    }

    [Fact]
    public void Exploding_but_finite_weights_finish_as_unstable_with_a_warning()
    {
        string dir = Directory.CreateTempSubdirectory("actlab-unstable-").FullName, data = Path.Combine(dir, "g.csv"), run = Path.Combine(dir, "u");
        Assert.Equal(0, Run("generate", "gaussians", "--out", data, "--rng", "numpy").ExitCode);
        var r = Run("train", "--data", data, "--hidden", "16", "--lr", "1e6", "--epochs", "3", "--out", run);
        Assert.Equal(0, r.ExitCode);
        Assert.Contains("Warning: the weights grew from norm", r.Out);
        var s = ActLab.Core.Runs.TrainedRun.Load(run).Summary!;
        Assert.Equal("unstable", s.Status);
        Assert.Contains("try a smaller learning rate", s.Warning);
        var ok = Run("train", "--data", data, "--hidden", "16", "--epochs", "3", "--out", Path.Combine(dir, "ok"));
        Assert.DoesNotContain("Warning", ok.Out);
    }
}

/// <summary>One JSON convention: camelCase names, enums by name, numbers as numbers, non-finite as null.</summary>
public class JsonConventionTests
{
    [Fact]
    public void Compare_writes_camel_case_json_with_names_and_nulls_and_takes_label_and_standardize_for_its_data()
    {
        string dir = Directory.CreateTempSubdirectory("actlab-cmpjson-").FullName, data = Path.Combine(dir, "d.csv");
        var lines = new List<string> { "f1,f2,kind,other" };
        var random = new Random(2);
        for (int i = 0; i < 200; i++) lines.Add(FormattableString.Invariant($"{100 + 50 * random.NextDouble() + (i % 2) * 60},{random.NextDouble() * 1000},{(i % 2 == 0 ? "a" : "b")},{random.Next(3)}"));
        File.WriteAllLines(data, lines);
        Assert.Equal(2, Run("compare", "--label", "kind", "--out", Path.Combine(dir, "x")).ExitCode);
        var r = Run("compare", "--data", data, "--label", "kind", "--standardize", "--activations", "relu,tanh", "--seeds", "2", "--epochs", "4", "--depth", "2", "--out", Path.Combine(dir, "cmp"), "--json");
        Assert.True(r.ExitCode == 0, r.Err);
        Assert.DoesNotMatch("\"[A-Z][A-Za-z]*\":", r.Out);
        Assert.DoesNotContain("\"NaN\"", r.Out);
        using var doc = System.Text.Json.JsonDocument.Parse(r.Out);
        Assert.Equal("pytorch", doc.RootElement.GetProperty("settings").GetProperty("init").GetString());
        Assert.True(doc.RootElement.GetProperty("rows")[0].GetProperty("validationAccuracy").GetProperty("mean").GetDouble() > 0.8, "standardised features train");
    }
}

/// <summary>A run's files are read only where the run says and written only by its writer. (Not parallel: it changes
/// the current directory.)</summary>
[Collection("processes")]
public class RunPathsTests
{
    [Fact]
    public void An_edited_data_path_is_not_followed_and_plot_run_writes_beside_the_user()
    {
        string dir = Directory.CreateTempSubdirectory("actlab-paths-").FullName, data = Path.Combine(dir, "g.csv"), run = Path.Combine(dir, "run");
        Assert.Equal(0, Run("generate", "gaussians", "--out", data, "--per-class", "50").ExitCode);
        Assert.Equal(0, Run("train", "--data", data, "--hidden", "4", "--epochs", "2", "--out", run).ExitCode);
        string secret = Path.Combine(dir, "secret.txt");
        File.WriteAllText(secret, "TOP-SECRET-LINE,1,2\n3,4,5\n");
        string config = Path.Combine(run, "config.json");
        File.WriteAllText(config, File.ReadAllText(config).Replace(Path.GetFullPath(data), secret));
        foreach (var args in new[] { new[] { "inspect", "--run", run }, ["plot", "boundary", run, "--out", Path.Combine(dir, "m.png")], ["plot", "histograms", run, "--out", Path.Combine(dir, "h.png")] })
        {
            var r = Run(args);
            Assert.Equal(2, r.ExitCode);
            Assert.DoesNotContain("TOP-SECRET", r.Err + r.Out);
        }

        string cwd = Environment.CurrentDirectory;
        string run2 = Path.Combine(dir, "run2");
        Assert.Equal(0, Run("train", "--data", data, "--hidden", "4", "--epochs", "2", "--out", run2).ExitCode);
        var before = File.ReadAllBytes(Path.Combine(run2, "curves.png"));
        try
        {
            Environment.CurrentDirectory = dir;
            Assert.Equal(0, Run("plot", "run", run2).ExitCode);
            Assert.True(File.Exists(Path.Combine(dir, "run2-curves.png")));
        }
        finally { Environment.CurrentDirectory = cwd; }
        Assert.Equal(before, File.ReadAllBytes(Path.Combine(run2, "curves.png")));
    }
}

/// <summary>Sizes are estimated before anything large is built.</summary>
public class MemoryEstimateTests
{
    [Fact]
    public void A_sweep_whose_results_cannot_fit_is_refused_at_once_with_the_estimate()
    {
        var sw = System.Diagnostics.Stopwatch.StartNew();
        // Results are a few numbers per run (compare writes each run as it finishes), so it takes a huge sweep.
        var r = Run("compare", "--seeds", "100000000", "--out", Path.Combine(Directory.CreateTempSubdirectory("actlab-mem-").FullName, "c"));
        Assert.Equal(2, r.ExitCode);
        Assert.Matches(@"--seeds: The sweep's 4,000,000,000 runs would keep about [\d,]+\.\d GB of results", r.Err);
        Assert.True(sw.Elapsed.TotalSeconds < 30, "refused before any run");
    }

    [Fact]
    public void A_model_over_the_parameter_limit_is_refused_before_it_is_built()
    {
        string dir = Directory.CreateTempSubdirectory("actlab-big-").FullName, data = Path.Combine(dir, "g.csv");
        Assert.Equal(0, Run("generate", "gaussians", "--out", data, "--per-class", "20").ExitCode);
        long before = GC.GetAllocatedBytesForCurrentThread();
        var r = Run("train", "--data", data, "--hidden", "20000,20000", "--out", Path.Combine(dir, "run"));
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("has 400,100,001 parameters, over the limit of 268,435,456", r.Err);
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 64 << 20);
        Assert.False(Directory.Exists(Path.Combine(dir, "run")));
        var d = ActLab.Core.Model.ModelDefinition.Parse("linear(784,256) relu linear(256,10)");
        Assert.InRange(d.TrainingBytes(128), 20L * d.ParameterCount, 40L * d.ParameterCount); // weights ×5 plus batch activations
    }
}
