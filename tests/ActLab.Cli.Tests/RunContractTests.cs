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
    public void A_run_replays_bit_for_bit_on_avx2_and_avx512()
    {
        string dir = Directory.CreateTempSubdirectory("actlab-avx-").FullName, data = Spiral(dir);
        string blobs = Path.Combine(dir, "b.csv");
        Assert.Equal(0, Run("generate", "blobs", "--classes", "5", "--out", blobs, "--seed", "2").ExitCode);
        var cases = new[]
        {
            (data, new[] { "--hidden", "64,33", "--activation", "gelu" }),
            (blobs, new[] { "--model", "linear(2,40) leaky-relu:negative-slope=0.1 dropout(0.2) linear(40,24) mish linear(24,5)", "--standardize" }),
            (blobs, new[] { "--hidden", "48", "--activation", "prelu", "--optimizer", "sgd", "--momentum", "0.9", "--lr", "0.05" }),
        };
        int n = 0;
        foreach (var (file, args) in cases)
        {
            (byte[] Weights, int Bits) Train(string avx512)
            {
                // .NET 10 reads DOTNET_EnableAVX512 (the older DOTNET_EnableAVX512F is ignored): the recorded width proves it.
                string run = Path.Combine(dir, $"case{n}-avx512-{avx512}");
                using var p = new ChildProcess(new Dictionary<string, string> { ["DOTNET_EnableAVX512"] = avx512 }, ["train", "--data", file, .. args, "--epochs", "4", "--plain", "--out", run]);
                Assert.Equal(0, p.Wait(Minute));
                int bits = JsonDocument.Parse(File.ReadAllText(Path.Combine(run, "summary.json"))).RootElement.GetProperty("vectorBits").GetInt32();
                return (File.ReadAllBytes(Path.Combine(run, "model.safetensors")), bits);
            }
            var (wide, wideBits) = Train("1");
            var (narrow, narrowBits) = Train("0");
            Assert.Equal(256, narrowBits);
            if (System.Runtime.Intrinsics.Vector512.IsHardwareAccelerated) Assert.Equal(512, wideBits);
            Assert.Equal(wide, narrow);
            n++;
        }
    }
}

[CollectionDefinition("processes", DisableParallelization = true)]
public sealed class ProcessCollection;
