using System.Text;
using ActLab.Core.Model;
using ActLab.Web.Playground;

namespace ActLab.Web.Tests.Playground;

public class SessionTests
{
    private static double TestLoss(PlaygroundSession s, int net = 0) => s.Nets[net].Measure().TestLoss;

    [Fact]
    public void The_same_settings_and_seed_give_the_same_losses_bit_for_bit()
    {
        var settings = new PlaygroundSettings { Dataset = "spiral", Noise = 0.1, Seed = 5, Hidden = [6, 4], Activations = ["elu", "tanh"], Optimizer = "adam", LearningRate = 0.01, BatchSize = 7 };
        var a = new PlaygroundSession(settings);
        var b = new PlaygroundSession(settings);
        Assert.Equal(40, a.Train(40));
        Assert.Equal(40, b.Train(40));
        Assert.Equal(BitConverter.DoubleToInt64Bits(TestLoss(a)), BitConverter.DoubleToInt64Bits(TestLoss(b)));
        var c = new PlaygroundSession(settings with { Seed = 6 });
        c.Train(40);
        Assert.NotEqual(TestLoss(a), TestLoss(c));
    }

    [Fact]
    public void Training_the_spiral_with_tanh_lowers_the_test_loss()
    {
        var s = new PlaygroundSession(new PlaygroundSettings
        {
            Dataset = "spiral", Hidden = [8, 8, 8], Activations = ["tanh"], Optimizer = "adam", LearningRate = 0.01,
            Features = ["x1", "x2", "x1^2", "x2^2", "sin(x1)", "sin(x2)"],
        });
        double before = TestLoss(s);
        s.Train(300);
        Assert.Equal(300, s.Epoch);
        Assert.True(TestLoss(s) < 0.5 * before, $"{before} -> {TestLoss(s)}");
    }

    [Fact]
    public void No_hidden_layer_is_logistic_regression_and_draws_no_neurons()
    {
        var s = new PlaygroundSession(new PlaygroundSettings { Dataset = "gauss", Hidden = [], Activations = ["relu"] });
        Assert.Equal("linear(2,1)", s.Nets[0].Definition.Canonical);
        s.Train(20);
        var f = s.Nets[0].Measure();
        Assert.Empty(f.Neurons);
        Assert.Empty(f.Health);
        Assert.True(f.TestAccuracy > 0.9, $"{f.TestAccuracy}");
    }

    [Fact]
    public void Compare_mode_starts_both_networks_from_the_same_weights_and_the_same_batches()
    {
        var s = new PlaygroundSession(new PlaygroundSettings { Hidden = [5, 5], Activations = ["sigmoid"], Compare = "relu" });
        Assert.Equal(2, s.Nets.Count);
        Assert.Equal(s.Nets[0].Measure().Weights, s.Nets[1].Measure().Weights);
        Assert.Equal("linear(2,5) relu linear(5,5) relu linear(5,1)", s.Nets[1].Definition.Canonical);
        s.Train(20);
        Assert.NotEqual(s.Nets[0].Measure().Weights, s.Nets[1].Measure().Weights);
        // With identical activations the two would stay identical: only the activation differs.
        var same = new PlaygroundSession(new PlaygroundSettings { Hidden = [5], Activations = ["relu"], Compare = "relu" });
        same.Train(20);
        Assert.Equal(same.Nets[0].Measure().Weights, same.Nets[1].Measure().Weights);
    }

    [Fact]
    public void The_learning_rate_changes_without_a_reset_and_the_activation_resets()
    {
        var s = new PlaygroundSession(new PlaygroundSettings());
        s.Train(10);
        Assert.False(s.Apply(s.Settings with { LearningRate = 0.1, Regularization = "l2", RegularizationRate = 0.01, EpochsPerFrame = 9 }));
        Assert.Equal(10, s.Epoch);
        Assert.True(s.Apply(s.Settings with { Activations = ["relu"] }));
        Assert.Equal(0, s.Epoch);
        s.Train(3);
        Assert.True(s.Apply(s.Settings with { Hidden = [3] }));
        Assert.Equal(0, s.Epoch);
    }

    [Fact]
    public void Bad_settings_leave_the_session_as_it_was()
    {
        var s = new PlaygroundSession(new PlaygroundSettings());
        s.Train(5);
        var before = s.Settings;
        Assert.Throws<SettingsException>(() => s.Apply(before with { Points = 10 }));
        Assert.Same(before, s.Settings);
        Assert.Equal(5, s.Epoch);
        var e = Assert.Throws<SettingsException>(() => s.Apply(before with { Dataset = "upload" }));
        Assert.Contains("No CSV has been uploaded", e.Message);
    }

    [Fact]
    public void L2_shrinks_the_weights_and_L1_pushes_them_toward_zero()
    {
        double Norm(PlaygroundSession s) => s.Nets[0].Model.Layers.OfType<Linear>().Sum(l => l.Weight.Value.Sum(v => (double)v * v));
        var plain = new PlaygroundSettings { Dataset = "xor", Hidden = [8], Activations = ["relu"], LearningRate = 0.1 };
        var none = new PlaygroundSession(plain);
        var l2 = new PlaygroundSession(plain with { Regularization = "l2", RegularizationRate = 0.03 });
        var l1 = new PlaygroundSession(plain with { Regularization = "l1", RegularizationRate = 0.03 });
        foreach (var s in new[] { none, l2, l1 }) s.Train(100);
        Assert.True(Norm(l2) < 0.8 * Norm(none), $"{Norm(l2)} vs {Norm(none)}");
        Assert.True(Norm(l1) < 0.8 * Norm(none), $"{Norm(l1)} vs {Norm(none)}");
    }

    [Fact]
    public void Three_blobs_get_three_outputs_softmax_probabilities_and_cross_entropy()
    {
        var s = new PlaygroundSession(new PlaygroundSettings { Dataset = "blobs", Classes = 3, Noise = 0.5, Hidden = [8], Activations = ["relu"], Optimizer = "adam", LearningRate = 0.03 });
        Assert.Equal(3, s.Nets[0].Outputs);
        Assert.Equal(ActLab.Core.Training.LossKind.CrossEntropy, s.Nets[0].Loss);
        s.Train(100);
        var f = s.Nets[0].Measure();
        int G = PlaygroundNet.Grid;
        for (int k = 0; k < G * G; k += 97)
            Assert.Equal(1.0, f.Map[k] + f.Map[G * G + k] + f.Map[2 * G * G + k], 5);
        Assert.True(f.TestAccuracy > 0.9, $"{f.TestAccuracy}");
    }

    [Fact]
    public void Regression_on_the_plane_uses_mse_and_learns_it()
    {
        var s = new PlaygroundSession(new PlaygroundSettings { Dataset = "plane", Problem = "regression", Hidden = [4], Activations = ["tanh"], LearningRate = 0.01 });
        Assert.Equal(ActLab.Core.Training.LossKind.Mse, s.Nets[0].Loss);
        double before = TestLoss(s);
        s.Train(50);
        Assert.True(TestLoss(s) < 0.1 * before, $"{before} -> {TestLoss(s)}");
        Assert.True(double.IsNaN(s.Nets[0].Measure().TestAccuracy));
    }

    [Fact]
    public void The_health_panel_sees_dead_relus_and_saturated_sigmoids()
    {
        // A huge negative bias kills every ReLU of the first layer: dead fraction 1, gradient 0.
        var relu = new PlaygroundSession(new PlaygroundSettings { Hidden = [4, 4], Activations = ["relu"] });
        for (int u = 0; u < 4; u++) relu.Nets[0].SetWeight(0, u, -1, -100);
        var h = relu.Nets[0].Measure().Health;
        Assert.Equal(1.0, h[0].Dead);
        Assert.Equal(0.0, h[0].GradientNorm);
        // A huge positive bias saturates every sigmoid: f' ≈ 0 everywhere, mean activation ≈ 1 (not zero-centred).
        var sigmoid = new PlaygroundSession(new PlaygroundSettings { Hidden = [4], Activations = ["sigmoid"] });
        for (int u = 0; u < 4; u++) sigmoid.Nets[0].SetWeight(0, u, -1, 50);
        var hs = sigmoid.Nets[0].Measure().Health[0];
        Assert.Equal(1.0, hs.Saturated);
        Assert.Equal(1.0, hs.Mean, 3);
        var tanh = new PlaygroundSession(new PlaygroundSettings { Hidden = [4], Activations = ["tanh"] }).Nets[0].Measure().Health[0];
        Assert.InRange(tanh.Saturated, 0, 0.5);
        Assert.True(tanh.GradientNorm > 0);
    }

    [Fact]
    public void A_weight_is_set_by_hand_within_its_limits()
    {
        var s = new PlaygroundSession(new PlaygroundSettings { Hidden = [3] });
        s.Nets[0].SetWeight(0, 2, 1, 0.5f);
        Assert.Equal(0.5f, s.Nets[0].Model.Layers.OfType<Linear>().First().Weight.Value[2 * 2 + 1]);
        Assert.Throws<SettingsException>(() => s.Nets[0].SetWeight(0, 3, 0, 1));
        Assert.Throws<SettingsException>(() => s.Nets[0].SetWeight(2, 0, 0, 1));
        Assert.Throws<SettingsException>(() => s.Nets[0].SetWeight(0, 0, 0, float.NaN));
        Assert.Throws<SettingsException>(() => s.Nets[0].SetWeight(0, 0, 0, 1000));
    }

    [Fact]
    public void A_diverging_network_stops_and_says_why()
    {
        var s = new PlaygroundSession(new PlaygroundSettings { Dataset = "plane", Problem = "regression", Hidden = [8, 8], Activations = ["relu"], LearningRate = 10, Optimizer = "sgd" });
        int trained = s.Train(200);
        Assert.True(trained < 200);
        Assert.Contains("diverged", s.Nets[0].Stopped);
        Assert.Equal(0, s.Train(5));
    }

    private static byte[] Csv(params string[] lines) => Encoding.UTF8.GetBytes(string.Join("\n", lines) + "\n");

    [Fact]
    public void An_upload_takes_two_named_columns_and_the_label()
    {
        var s = new PlaygroundSession();
        var lines = new List<string> { "a,b,c,kind" };
        for (int i = 0; i < 60; i++) lines.Add($"{i % 10},{i / 10},{i % 3},{(i % 10 < 5 ? "left" : "right")}");
        var points = s.Upload(Csv([.. lines]), "mine.csv", x: "a", y: "c");
        Assert.Equal(["a", "c"], points.Axes);
        Assert.Equal(["left", "right"], points.Classes);
        Assert.True(s.Apply(s.Settings with { Dataset = "upload" }));
        Assert.Equal(60, s.Points.Count);
        s.Train(50);
        Assert.True(s.Nets[0].Measure().TrainAccuracy > 0.9);
    }

    [Fact]
    public void A_bad_upload_is_refused_with_a_message_naming_the_file_and_the_problem()
    {
        var s = new PlaygroundSession();
        var few = Assert.Throws<SettingsException>(() => s.Upload(Csv("a,b,label", "1,2,0", "2,3,1"), "few.csv"));
        Assert.Contains("few.csv has 2 rows", few.Message);
        var col = Assert.Throws<SettingsException>(() => s.Upload(Csv([.. Enumerable.Range(0, 30).Select(i => i == 0 ? "a,b,label" : $"{i},{i},{i % 2}")]), "c.csv", x: "zz"));
        Assert.Contains("no feature column 'zz'", col.Message);
        var one = Assert.Throws<SettingsException>(() => s.Upload(Csv([.. Enumerable.Range(0, 30).Select(i => i == 0 ? "a,label" : $"{i},{i % 2}")]), "one.csv"));
        Assert.Contains("needs two", one.Message);
        var classes = Assert.Throws<SettingsException>(() => s.Upload(Csv([.. Enumerable.Range(0, 30).Select(i => i == 0 ? "a,b,label" : $"{i},{i},c{i % 12}")]), "many.csv"));
        Assert.Contains("12 classes", classes.Message);
        var malformed = Assert.ThrowsAny<ActLab.Kernels.InputException>(() => s.Upload(Csv("a,b,label", "1,x,0"), "bad.csv"));
        Assert.Contains("bad.csv", malformed.Message);
        var big = Assert.Throws<SettingsException>(() => s.Upload(new byte[Limits.UploadBytes + 1], "big.csv"));
        Assert.Contains("10 MB", big.Message);
    }
}
