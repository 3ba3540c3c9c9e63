using System.Buffers.Binary;
using System.Text.Json;
using static ActLab.Cli.Tests.CliRunner;

namespace ActLab.Cli.Tests;

/// <summary>Image data sets from IDX files: a folder of them as --data, the official split kept through evaluate.</summary>
[Collection("processes")]
public class ImageDataTests
{
    private static string Folder(int train, int test)
    {
        string dir = Directory.CreateTempSubdirectory("actlab-idxcli-").FullName;
        var random = new Random(1);
        void Write(string name, int[] dims, byte[] data)
        {
            var bytes = new byte[4 + 4 * dims.Length + data.Length];
            bytes[2] = 8; bytes[3] = (byte)dims.Length;
            for (int i = 0; i < dims.Length; i++) BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(4 + 4 * i), dims[i]);
            data.CopyTo(bytes, 4 + 4 * dims.Length);
            File.WriteAllBytes(Path.Combine(dir, name), bytes);
        }
        // Class k lights up pixel k of a 2×2 image: learnable.
        (byte[] Images, byte[] Labels) Make(int n)
        {
            var labels = Enumerable.Range(0, n).Select(i => (byte)(i % 4)).ToArray();
            var images = new byte[n * 4];
            for (int i = 0; i < n; i++) { for (int j = 0; j < 4; j++) images[i * 4 + j] = (byte)random.Next(40); images[i * 4 + labels[i]] = 250; }
            return (images, labels);
        }
        var (ti, tl) = Make(train);
        var (si, sl) = Make(test);
        Write("train-images-idx3-ubyte", [train, 2, 2], ti);
        Write("train-labels-idx1-ubyte", [train], tl);
        Write("t10k-images-idx3-ubyte", [test, 2, 2], si);
        Write("t10k-labels-idx1-ubyte", [test], sl);
        return dir;
    }

    [Fact]
    public void A_folder_of_idx_files_trains_and_evaluates_on_its_official_test_images()
    {
        string data = Folder(400, 100), run = Path.Combine(Directory.CreateTempSubdirectory("actlab-idxrun-").FullName, "run");
        var t = Run("train", "--data", data, "--hidden", "8", "--epochs", "20", "--lr", "0.01", "--out", run);
        Assert.True(t.ExitCode == 0, t.Err);
        Assert.Contains("400 training images (360 to train on, 40 for validation) and 100 test images of 4 pixels; multiclass, 4 classes", t.Out);
        using var config = JsonDocument.Parse(File.ReadAllText(Path.Combine(run, "config.json")));
        Assert.Equal([360, 40, 100], config.RootElement.GetProperty("splitSizes").EnumerateArray().Select(e => e.GetInt32()));
        using var summary = JsonDocument.Parse(File.ReadAllText(Path.Combine(run, "summary.json")));
        var e = Run("evaluate", "--run", run, "--data", data, "--json");
        Assert.Equal(0, e.ExitCode);
        using var eval = JsonDocument.Parse(e.Out);
        Assert.Equal(100, eval.RootElement.GetProperty("rows").GetInt32()); // the official test images
        Assert.Equal(summary.RootElement.GetProperty("testAccuracy").GetDouble(), eval.RootElement.GetProperty("accuracy").GetDouble(), 1e-12);
        Assert.True(eval.RootElement.GetProperty("accuracy").GetDouble() > 0.9);
        Assert.Contains("the test split (100 of 500 rows)", File.ReadAllText(Path.Combine(run, "report.html")));
        // inspect and the histograms find the run's images without being told where they are.
        var inspect = Run("inspect", "--run", run, "--json");
        Assert.True(inspect.ExitCode == 0, inspect.Err);
        Assert.Equal(500, JsonDocument.Parse(inspect.Out).RootElement.GetProperty("rows").GetInt32());
        var h = Run("plot", "histograms", run, "--out", Path.Combine(Path.GetDirectoryName(run)!, "h.png"));
        Assert.True(h.ExitCode == 0, h.Err);
        Assert.Contains(", 1 panel)", h.Out);
        var split = Run("train", "--data", data, "--split", "0.5,0.25,0.25", "--out", run + "2");
        Assert.Equal(2, split.ExitCode);
        Assert.Contains("--split: ", split.Err);
        Assert.Contains("has its official training/test split", split.Err);
    }

    [Fact]
    public void Compare_runs_the_textbook_experiment_on_an_image_data_set_and_refuses_mixing_it_with_generated_sets()
    {
        string data = Folder(300, 100), dir = Path.Combine(Directory.CreateTempSubdirectory("actlab-idxcmp-").FullName, "cmp");
        var r = Run("compare", "--dataset", data, "--seeds", "1", "--epochs", "2", "--activations", "relu,tanh", "--out", dir);
        Assert.True(r.ExitCode == 0, r.Err);
        string report = File.ReadAllText(Path.Combine(dir, "report.md"));
        Assert.Contains("hidden layers of 256, 128, Adam lr 0.001, 2 epochs, batch 128", report);
        Assert.Contains("the official training/test split", report);
        Assert.Equal(2, File.ReadAllLines(Path.Combine(dir, "runs.jsonl")).Length);
        var mixed = Run("compare", "--dataset", $"spiral,{data}", "--out", dir + "2");
        Assert.Equal(2, mixed.ExitCode);
        Assert.Contains("mixes image data sets with generated ones", mixed.Err);
    }

    [Fact]
    public void A_named_data_set_that_is_not_installed_names_what_to_do()
    {
        using var p = new ChildProcess(new Dictionary<string, string> { ["ACTLAB_DATA_DIR"] = Directory.CreateTempSubdirectory("actlab-empty-").FullName },
            "train", "--data", "fashion-mnist", "--out", Path.Combine(Path.GetTempPath(), "never-" + Guid.NewGuid()));
        Assert.Equal(2, p.Wait(TimeSpan.FromMinutes(1)));
        Assert.Contains("sudo apt-get install dataset-fashion-mnist", p.Err);
        Assert.Single(p.Err.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }
}
