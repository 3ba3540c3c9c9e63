using ActLab.Core.Analysis;

namespace ActLab.Core.Tests.Training;

/// <summary>Issue 5's known results at small scale (the full sweep is in docs/activation-study.md).</summary>
public class ComparisonTests
{
    [Fact]
    public void Deep_sigmoid_nets_train_visibly_slower_than_relu_family_ones_on_spiral()
    {
        var rows = Comparison.Run(new CompareSettings
        {
            Activations = ["sigmoid", "relu", "leaky-relu", "elu"], Datasets = ["spiral"], Depth = 6, Width = 24, Seeds = 2, Epochs = 25, Samples = 300,
        }).Rows;
        double sigmoid = rows.Single(r => r.Activation == "sigmoid").ValidationAccuracy.Mean;
        foreach (var a in new[] { "relu", "leaky-relu", "elu" })
            Assert.True(rows.Single(r => r.Activation == a).ValidationAccuracy.Mean > sigmoid + 0.1, $"{a} should beat sigmoid by 0.1 on spiral (sigmoid {sigmoid:0.000})");
        Assert.True(rows.Single(r => r.Activation == "sigmoid").FirstOverLast.Mean < 0.01, "a 6-layer sigmoid net's first-layer gradient is a tiny fraction of its last's");
    }

    [Fact]
    public void A_high_learning_rate_kills_relu_units_but_not_leaky_relu_or_elu_ones()
    {
        var rows = Comparison.Run(new CompareSettings
        {
            Activations = ["relu", "leaky-relu", "elu"], Datasets = ["gaussians"], Depth = 4, Width = 32, Seeds = 2, Epochs = 15, LearningRate = 0.05, Samples = 300,
        }).Rows;
        Assert.True(rows.Single(r => r.Activation == "relu").DeadFraction.Mean > 0.05, "ReLU should lose a measurable fraction of units at lr 0.05");
        Assert.Equal(0, rows.Single(r => r.Activation == "leaky-relu").DeadFraction.Mean);
        Assert.Equal(0, rows.Single(r => r.Activation == "elu").DeadFraction.Mean);
    }

    [Fact]
    public void Only_seed_0_of_the_first_data_set_keeps_its_hidden_activations()
    {
        var s = new CompareSettings { Activations = ["tanh", "relu"], Datasets = ["xor", "circle"], Depth = 2, Width = 8, Seeds = 2, Epochs = 2, Samples = 100 };
        var runs = Comparison.Run(s).Runs;
        Assert.Equal(8, runs.Count);
        Assert.All(runs, r => Assert.Equal(r.Dataset == "xor" && r.Seed == 0 ? 2 : 0, r.FinalActivations.Count));
    }

    [Fact]
    public void Runs_replay_and_bad_settings_are_refused()
    {
        var s = new CompareSettings { Activations = ["tanh"], Datasets = ["xor"], Depth = 2, Width = 8, Seeds = 1, Epochs = 3, Samples = 100 };
        Assert.Equal(Comparison.Run(s).Runs[0].TrainLoss, Comparison.Run(s).Runs[0].TrainLoss);
        Assert.Contains("The depth must be at least 1", Assert.Throws<ActLab.Kernels.InputException>(() => Comparison.Run(s with { Depth = 0 })).Message);
        Assert.Contains("The number of seeds must be at least 1", Assert.Throws<ActLab.Kernels.InputException>(() => Comparison.Run(s with { Seeds = 0 })).Message);
        Assert.Contains("Unknown activation 'relu9'", Assert.Throws<ActLab.Kernels.Catalogue.SpecException>(() => Comparison.Run(s with { Activations = ["relu9"] })).Message);
        Assert.Contains("'tanh' is listed twice", Assert.Throws<ActLab.Kernels.InputException>(() => Comparison.Run(s with { Activations = ["tanh", "relu", "tanh"] })).Message);
        Assert.Contains("'xor' is listed twice", Assert.Throws<ActLab.Kernels.InputException>(() => Comparison.Run(s with { Datasets = ["xor", "xor"] })).Message);
        Assert.Contains("vector function", Assert.Throws<ActLab.Kernels.InputException>(() => Comparison.Run(s with { Activations = ["softmax"] })).Message);
    }

    [Fact]
    public void A_cancelled_sweep_keeps_the_runs_that_finished()
    {
        using var cts = new CancellationTokenSource();
        int done = 0;
        var (runs, rows, _, interrupted, _) = Comparison.Run(new CompareSettings
        {
            Activations = ["relu", "tanh", "sigmoid", "elu"], Datasets = ["circle"], Depth = 2, Width = 8, Seeds = 3, Epochs = 5, Samples = 200, Parallelism = 1,
        }, _ => { if (Interlocked.Increment(ref done) == 3) cts.Cancel(); }, cts.Token);
        Assert.True(interrupted);
        Assert.Equal(3, runs.Count);
        Assert.Equal(3, rows.Sum(r => r.Runs));
    }

    [Fact]
    public void Recommendations_never_depend_on_wall_time_and_name_the_initialisation_when_every_gradient_vanishes()
    {
        static CompareRow Row(string a, double acc, double std, double seconds, double ratio) => new("spiral", a, new(0.5, 0), new(acc, std), new(acc, std), new(0.5, 0),
            new(10, 0), new(1, 0), 3, 3, new(seconds, 0), [1, 0.1], new(ratio, 0), new(0, 0), new(0, 0));
        var slowTanh = Comparison.Recommend([Row("relu", 0.9, 0.02, 0.001, 0.05), Row("tanh", 0.9, 0.01, 0.009, 0.05)]);
        var fastTanh = Comparison.Recommend([Row("relu", 0.9, 0.02, 0.009, 0.05), Row("tanh", 0.9, 0.01, 0.001, 0.05)]);
        Assert.Equal(slowTanh, fastTanh);
        Assert.Contains("tanh (0.900 ± 0.010)", slowTanh[0]); // the smaller spread wins the tie
        Assert.Contains("relu (0.900 ± 0.010)", Comparison.Recommend([Row("relu", 0.9, 0.01, 0.5, 0.05), Row("tanh", 0.9, 0.01, 0.001, 0.05)])[0]); // then list order
        Assert.Contains(slowTanh, l => l.Contains("--init kaiming-normal", StringComparison.Ordinal));
        Assert.DoesNotContain(Comparison.Recommend([Row("relu", 0.9, 0.02, 0.001, 0.9), Row("tanh", 0.9, 0.01, 0.009, 0.05)]), l => l.Contains("--init kaiming-normal", StringComparison.Ordinal));
    }
}
