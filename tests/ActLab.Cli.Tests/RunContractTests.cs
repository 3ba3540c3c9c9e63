using System.Text.Json;
using ActLab.Core.Runs;
using static ActLab.Cli.Tests.CliRunner;

namespace ActLab.Cli.Tests;

/// <summary>The run contract as a user meets it: real processes, signals, kill -9, concurrent writers, other vector widths.</summary>
[Collection("processes")]
public class RunContractTests
{
    private static readonly TimeSpan Minute = TimeSpan.FromMinutes(1);

    private static string Spiral(string dir)
    {
        string path = Path.Combine(dir, "s.csv");
        Assert.Equal(0, Run("generate", "spiral", "--out", path, "--noise", "0.1", "--seed", "1").ExitCode);
        return path;
    }

    private static string Status(string run) =>
        JsonDocument.Parse(File.ReadAllText(Path.Combine(run, "summary.json"))).RootElement.GetProperty("status").GetString()!;

    private static int Epochs(string run) =>
        JsonDocument.Parse(File.ReadAllText(Path.Combine(run, "summary.json"))).RootElement.GetProperty("epochs").GetInt32();

    [Theory]
    [InlineData("INT")]
    [InlineData("TERM")]
    public void A_signal_finishes_the_step_writes_an_interrupted_run_and_exits_130(string signal)
    {
        string dir = Directory.CreateTempSubdirectory("actlab-sig-").FullName, data = Spiral(dir), run = Path.Combine(dir, "run");
        using var p = new ChildProcess("train", "--data", data, "--hidden", "16", "--epochs", "1000000", "--print-every", "1", "--plain", "--out", run);
        Assert.True(p.WaitForLine("Epoch [3/", Minute), $"no progress: {p.Out}\n{p.Err}");
        p.Signal(signal);
        Assert.Equal(130, p.Wait(Minute));
        Assert.Contains("interrupted after", p.Err);
        Assert.Equal("interrupted", Status(run));
        var loaded = TrainedRun.Load(run);
        Assert.True(Epochs(run) >= 3);
        Assert.Equal(Epochs(run) + 1, File.ReadAllLines(Path.Combine(run, "metrics.csv")).Length);
        Assert.All(loaded.Model.Parameters, prm => Assert.All(prm.Value, v => Assert.True(float.IsFinite(v))));
    }

    [Fact]
    public void Killed_at_any_moment_the_folder_holds_the_old_run_or_the_new_run_whole()
    {
        string dir = Directory.CreateTempSubdirectory("actlab-kill-").FullName, data = Spiral(dir), run = Path.Combine(dir, "run");
        Assert.Equal(0, Run("train", "--data", data, "--hidden", "8", "--epochs", "2", "--out", run).ExitCode);
        var random = new Random(5);
        for (int trial = 0; trial < 10; trial++)
        {
            using (var p = new ChildProcess("train", "--data", data, "--hidden", "8", "--epochs", "20", "--seed", $"{trial}", "--plain", "--out", run, "--force"))
            {
                Thread.Sleep(random.Next(100, 1500));
                p.Kill();
                p.Wait(Minute);
            }
            TrainedRun.Load(run); // whole: config, weights and metadata agree
            Assert.Contains(Epochs(run), new[] { 2, 20 });
            Assert.Equal(Epochs(run) + 1, File.ReadAllLines(Path.Combine(run, "metrics.csv")).Length);
        }
    }

    [Fact]
    public void Two_writers_to_one_new_folder_never_mix_one_of_them_is_refused()
    {
        string dir = Directory.CreateTempSubdirectory("actlab-race-").FullName, data = Spiral(dir);
        for (int trial = 0; trial < 3; trial++)
        {
            string run = Path.Combine(dir, $"run{trial}");
            using var a = new ChildProcess("train", "--data", data, "--hidden", "8", "--epochs", "40", "--seed", "1", "--plain", "--out", run);
            using var b = new ChildProcess("train", "--data", data, "--hidden", "8", "--epochs", "40", "--seed", "2", "--plain", "--out", run);
            int[] codes = [a.Wait(Minute), b.Wait(Minute)];
            Assert.Equal([0, 2], codes.Order());
            string err = a.Err + b.Err;
            Assert.True(err.Contains("another process is writing", StringComparison.Ordinal) || err.Contains("already holds files", StringComparison.Ordinal), err);
            var loaded = TrainedRun.Load(run);
            ulong winner = a.Wait(Minute) == 0 ? 1UL : 2UL;
            Assert.Equal(winner, loaded.Config.Seed); // the folder is the winner's run, not a mix
            Assert.Equal(40, Epochs(run));
        }
    }

    [Fact]
    public void A_run_replays_bit_for_bit_with_and_without_avx512()
    {
        string dir = Directory.CreateTempSubdirectory("actlab-avx-").FullName, data = Spiral(dir);
        string blobs = Path.Combine(dir, "b.csv");
        Assert.Equal(0, Run("generate", "blobs", "--classes", "4", "--out", blobs, "--seed", "2").ExitCode);
        foreach (var (file, args) in new[] { (data, new[] { "--hidden", "64,33", "--activation", "gelu" }), (blobs, new[] { "--hidden", "40", "--activation", "softplus", "--standardize" }) })
        {
            byte[] Weights(string flag)
            {
                string run = Path.Combine(dir, $"{Path.GetFileNameWithoutExtension(file)}-{flag}");
                using var p = new ChildProcess(new Dictionary<string, string> { ["DOTNET_EnableAVX512F"] = flag },
                    ["train", "--data", file, .. args, "--epochs", "5", "--plain", "--out", run]);
                Assert.Equal(0, p.Wait(Minute));
                return File.ReadAllBytes(Path.Combine(run, "model.safetensors"));
            }
            Assert.Equal(Weights("1"), Weights("0"));
        }
    }
}

[CollectionDefinition("processes", DisableParallelization = true)]
public sealed class ProcessCollection;
