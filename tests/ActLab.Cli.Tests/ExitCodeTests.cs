using ActLab.Core.Runs;
using static ActLab.Cli.Tests.CliRunner;

namespace ActLab.Cli.Tests;

/// <summary>Exit codes: 2 for the user's mistakes, 1 for failures and bugs (named as bugs), 130 for Ctrl-C.</summary>
public class ExitCodeTests
{
    [Fact]
    public void A_bug_is_an_internal_error_with_exit_1_never_bad_usage()
    {
        var (code, message) = Cli.Classify(new ArgumentException("Value cannot be null.", "dim"));
        Assert.Equal(Cli.Failure, code);
        Assert.StartsWith("internal error: System.ArgumentException:", message);
        Assert.Equal(Cli.Failure, Cli.Classify(new NullReferenceException()).Code);
        Assert.Equal((Cli.Usage, "--batch-size: The batch size must be at least 1; got 0."),
            Cli.Classify(new ActLab.Kernels.InputException("batchSize", 0, "The batch size must be at least 1; got 0.")));
        Assert.Equal(Cli.Interrupted, Cli.Classify(new OperationCanceledException()).Code);
    }

    [Fact]
    public void The_issues_divergence_case_writes_a_diverged_run_and_exits_1()
    {
        string dir = Directory.CreateTempSubdirectory("actlab-div-").FullName, data = Path.Combine(dir, "s.csv"), run = Path.Combine(dir, "d");
        Assert.Equal(0, Run("generate", "spiral", "--out", data, "--noise", "0.1", "--seed", "1").ExitCode);
        var r = Run("train", "--data", data, "--hidden", "16,16", "--activation", "exponential", "--lr", "0.05", "--epochs", "100", "--out", run);
        Assert.Equal(1, r.ExitCode);
        Assert.Contains("training diverged in epoch", r.Err);
        Assert.Contains("status diverged", r.Err);
        var loaded = TrainedRun.Load(run);
        Assert.Equal("diverged", loaded.Summary!.Status);
        Assert.Contains("BCELoss", loaded.Summary.Message);
        Assert.Equal(loaded.Summary.Epochs + 1, File.ReadAllLines(Path.Combine(run, "metrics.csv")).Length);
    }

    [Fact]
    public void Patience_stops_early_and_keeps_the_best_epoch()
    {
        string dir = Directory.CreateTempSubdirectory("actlab-pat-").FullName, data = Path.Combine(dir, "g.csv"), run = Path.Combine(dir, "p");
        Assert.Equal(0, Run("generate", "gaussians", "--out", data, "--rng", "numpy").ExitCode);
        var r = Run("train", "--data", data, "--model", "linear(2,16) relu linear(16,1)", "--epochs", "400", "--patience", "10", "--out", run);
        Assert.Equal(0, r.ExitCode);
        Assert.Contains("Loss: bce-logits", r.Out);
        Assert.Contains("Stopped early after epoch", r.Out);
        var s = TrainedRun.Load(run).Summary!;
        Assert.Equal("stopped-early", s.Status);
        Assert.Equal(s.BestEpoch + 10, s.Epochs);
        Assert.Equal(2, Run("train", "--data", data, "--patience", "3", "--split", "1,0,0", "--out", Path.Combine(dir, "q")).ExitCode);
    }
}
