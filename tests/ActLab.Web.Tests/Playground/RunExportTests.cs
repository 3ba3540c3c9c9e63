using ActLab.Core.Runs;
using ActLab.Web.Playground;

namespace ActLab.Web.Tests.Playground;

public class RunExportTests
{
    [Fact]
    public void An_exported_run_loads_and_its_test_split_is_the_pages_test_points()
    {
        string dir = Directory.CreateTempSubdirectory("actlab-export-").FullName;
        var s = new PlaygroundSession(new PlaygroundSettings { Dataset = "circle", Hidden = [4], Activations = ["tanh"], Features = ["x1", "x2", "x1^2"], TrainPercent = 70, Seed = 3 });
        s.Train(30);
        string path = RunExport.Write(s, dir, "circle-run");
        var run = TrainedRun.Load(path);
        Assert.Equal("linear(3,4) tanh linear(4,1)", run.Definition.Canonical);
        Assert.Equal(["x1", "x2", "x1^2"], run.Features);
        var data = run.ReadData();
        var (rows, split) = run.OwnRows(data.Count);
        Assert.Equal(DataSplit.Test, split);
        Assert.Equal(s.TestRows, rows);
        // The run's model scores its test rows as the page did.
        var probabilities = run.Predict([.. rows.Select(i => data.Features[i])]);
        var predicted = run.Classify(probabilities);
        double accuracy = rows.Select((r, j) => predicted[j] == (int)data.Targets[r] ? 1.0 : 0.0).Average();
        Assert.Equal(s.Nets[0].Measure().TestAccuracy, accuracy, 9);
    }

    [Theory]
    [InlineData("../escape")]
    [InlineData("/etc")]
    [InlineData("")]
    [InlineData(".hidden")]
    [InlineData("a/b")]
    public void A_name_that_is_not_a_plain_folder_name_is_refused(string name)
    {
        string dir = Directory.CreateTempSubdirectory("actlab-export-").FullName;
        var e = Assert.Throws<SettingsException>(() => RunExport.Write(new PlaygroundSession(), dir, name));
        Assert.Equal("exportName", e.Field);
        Assert.Empty(Directory.EnumerateFileSystemEntries(dir));
    }

    [Fact]
    public void An_existing_run_is_never_overwritten()
    {
        string dir = Directory.CreateTempSubdirectory("actlab-export-").FullName;
        var s = new PlaygroundSession();
        RunExport.Write(s, dir, "r1");
        var before = File.ReadAllBytes(Path.Combine(dir, "r1", "model.safetensors"));
        s.Train(5);
        var e = Assert.Throws<SettingsException>(() => RunExport.Write(s, dir, "r1"));
        Assert.Contains("already exists", e.Message);
        Assert.Equal(before, File.ReadAllBytes(Path.Combine(dir, "r1", "model.safetensors")));
    }
}
