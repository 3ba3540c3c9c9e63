using ActLab.Web.Playground;

namespace ActLab.Web.Tests.Playground;

public class SettingsTests
{
    [Fact]
    public void The_defaults_are_the_TensorFlow_Playgrounds_and_valid()
    {
        var s = new PlaygroundSettings().Validate();
        Assert.Equal("circle", s.Dataset);
        Assert.Equal([4, 2], s.Hidden);
        Assert.Equal(0.03, s.LearningRate);
        Assert.Equal(10, s.BatchSize);
        Assert.Equal(50, s.TrainPercent);
    }

    public static TheoryData<PlaygroundSettings, string, string> Bad => new()
    {
        { new() { Points = 100_000 }, "points", "points must be from 20 to 5000; got 100000" },
        { new() { Points = 3 }, "points", "from 20" },
        { new() { Hidden = [4, 4, 4, 4, 4, 4, 4, 4, 4] }, "hidden", "At most 8 hidden layers" },
        { new() { Hidden = [33] }, "hidden", "hidden must be from 1 to 32; got 33" },
        { new() { Hidden = [0] }, "hidden", "from 1 to 32; got 0" },
        { new() { LearningRate = 0 }, "learningRate", "learningRate must be from 1E-05 to 10" },
        { new() { LearningRate = double.NaN }, "learningRate", "got NaN" },
        { new() { LearningRate = 11 }, "learningRate", "got 11" },
        { new() { Noise = 0.7 }, "noise", "from 0 to 0.5" },
        { new() { TrainPercent = 95 }, "trainPercent", "from 10 to 90" },
        { new() { BatchSize = 0 }, "batchSize", "from 1 to 1000" },
        { new() { Classes = 9, Dataset = "blobs" }, "classes", "from 2 to 8" },
        { new() { Dataset = "moon" }, "dataset", "Unknown data set 'moon'" },
        { new() { Dataset = "plane" }, "dataset", "regression data set" },
        { new() { Problem = "regression" }, "dataset", "Regression needs a regression data set" },
        { new() { Problem = "ranking" }, "problem", "classification or regression" },
        { new() { Features = [] }, "features", "at least one input feature" },
        { new() { Features = ["x3"] }, "features", "Unknown feature 'x3'" },
        { new() { Features = ["x1", "x1"] }, "features", "twice" },
        { new() { Activations = ["relu", "tanh", "elu"] }, "activations", "one per layer (2); got 3" },
        { new() { Activations = ["relux"] }, "activations", "Unknown activation 'relux'" },
        { new() { Activations = ["glu"] }, "activations", "changes the layer's width" },
        { new() { Activations = ["leaky-relu:negative-slope=x"] }, "activations", "negative-slope" },
        { new() { Compare = "nope" }, "compare", "Unknown activation 'nope'" },
        { new() { Regularization = "l3" }, "regularization", "none, l1 or l2" },
        { new() { RegularizationRate = 20 }, "regularizationRate", "from 0 to 10" },
        { new() { Optimizer = "lbfgs" }, "optimizer", "Unknown optimizer 'lbfgs'" },
        { new() { Optimizer = "adam", Momentum = 0.9 }, "momentum", "sgd only" },
        { new() { Init = "he" }, "init", "Unknown initialiser 'he'" },
        { new() { EpochsPerFrame = 5000 }, "epochsPerFrame", "from 1 to 1000" },
        { new() { Seed = 1UL << 60 }, "seed", "from 0 to 9007199254740991" },
    };

    [Theory, MemberData(nameof(Bad))]
    public void A_bad_setting_names_its_field_the_limit_and_the_value(PlaygroundSettings s, string field, string message)
    {
        var e = Assert.Throws<SettingsException>(() => s.Validate());
        Assert.Equal(field, e.Field);
        Assert.Contains(message, e.Message);
    }

    [Fact]
    public void A_range_error_reads_the_same_in_english_and_has_a_korean_text()
    {
        var e = Assert.Throws<SettingsException>(() => new PlaygroundSettings { LearningRate = 20 }.Validate());
        Assert.Equal(e.Message, e.In(ActLab.Core.Localization.Texts.For(ActLab.Core.Localization.Language.En)));
        Assert.Equal("학습률: 1E-05부터 10까지여야 합니다 (받은 값: 20).", e.In(ActLab.Core.Localization.Texts.For(ActLab.Core.Localization.Language.Ko)));
        var other = Assert.Throws<SettingsException>(() => new PlaygroundSettings { Dataset = "moon" }.Validate());
        Assert.StartsWith("Unknown data set 'moon'; choose circle, xor", other.In(ActLab.Core.Localization.Texts.For(ActLab.Core.Localization.Language.En)));
        Assert.StartsWith("알 수 없는 데이터셋 'moon'; circle, xor", other.In(ActLab.Core.Localization.Texts.For(ActLab.Core.Localization.Language.Ko)));
        // A message without a catalogue key (the socket's protocol errors) stays English in every language.
        var unkeyed = new SettingsException("message", "The playground's messages are JSON text.");
        Assert.Equal(unkeyed.Message, unkeyed.In(ActLab.Core.Localization.Texts.For(ActLab.Core.Localization.Language.Ko)));
    }

    [Fact]
    public void An_activation_with_parameters_and_one_per_layer_are_accepted()
    {
        new PlaygroundSettings { Hidden = [3, 3], Activations = ["leaky-relu:negative-slope=0.1", "elu:alpha=0.5"], Compare = "gelu:approximate=tanh" }.Validate();
        new PlaygroundSettings { Hidden = [], Activations = ["relu"] }.Validate();
    }
}
