using ActLab.Core.Model;
using ActLab.Core.Training;
using ActLab.Kernels;

namespace ActLab.Core.Tests.Training;

/// <summary>The loss and the prediction function come from the task and the model's structure.</summary>
public class ObjectivesTests
{
    [Theory]
    [InlineData("linear(2,4) relu linear(4,1) sigmoid", 2, LossKind.Bce, PredictionFunction.None)]
    [InlineData("linear(2,4) relu linear(4,1)", 2, LossKind.BceWithLogits, PredictionFunction.Sigmoid)]
    [InlineData("linear(2,4) relu linear(4,2)", 2, LossKind.CrossEntropy, PredictionFunction.Softmax)]
    [InlineData("linear(2,4) relu linear(4,3)", 3, LossKind.CrossEntropy, PredictionFunction.Softmax)]
    [InlineData("linear(2,4) relu linear(4,3) log-softmax", 3, LossKind.Nll, PredictionFunction.Exp)]
    [InlineData("linear(2,4) relu linear(4,1) tanh", 2, LossKind.BceWithLogits, PredictionFunction.Sigmoid)]
    public void Classification_losses_follow_the_last_layer(string spec, int classes, LossKind loss, PredictionFunction prediction)
    {
        var d = ModelDefinition.Parse(spec);
        var task = Objectives.TaskFor(classes);
        Assert.Equal(loss, Objectives.ChooseLoss(task, classes, d));
        Assert.Equal(prediction, Objectives.PredictionFor(task, d));
    }

    [Theory]
    [InlineData("linear(2,4) relu linear(4,1) log-sigmoid", 2, null, "log-probabilities")]
    [InlineData("linear(2,4) relu linear(4,3) softmax", 3, null, "cross-entropy needs logits")]
    [InlineData("linear(2,4) relu linear(4,1)", 3, null, "it needs 3 outputs")]
    [InlineData("linear(2,4) relu linear(4,4)", 3, null, "gives 4 outputs but the label has 3 classes")]
    [InlineData("linear(2,4) relu linear(4,1)", 2, LossKind.Bce, "does not fit this model")]
    [InlineData("linear(2,4) relu linear(4,1) sigmoid", 2, LossKind.BceWithLogits, "does not fit this model")]
    public void Mismatches_are_refused_with_the_fix(string spec, int classes, LossKind? requested, string message)
    {
        var e = Assert.ThrowsAny<InputException>(() => Objectives.ChooseLoss(Objectives.TaskFor(classes), classes, ModelDefinition.Parse(spec), requested));
        Assert.Contains(message, e.Message);
    }

    [Fact]
    public void Regression_uses_mse_unless_l1_is_asked_and_optimizer_settings_that_do_not_apply_are_refused()
    {
        var d = ModelDefinition.Parse("linear(2,4) relu linear(4,1)");
        Assert.Equal(LossKind.Mse, Objectives.ChooseLoss(TaskKind.Regression, 0, d));
        Assert.Equal(LossKind.L1, Objectives.ChooseLoss(TaskKind.Regression, 0, d, LossKind.L1));
        var model = d.Build(0);
        Assert.Contains("sgd only", Assert.Throws<InputException>(() => Objectives.CreateOptimizer(OptimizerKind.Adam, model.Parameters, 1e-3, momentum: 0.9)).Message);
        Assert.Equal(0.01, Objectives.CreateOptimizer(OptimizerKind.AdamW, model.Parameters, 1e-3).WeightDecay);
        Assert.Equal("learningRate", Assert.Throws<InputException>(() => new Adam(model.Parameters, double.PositiveInfinity)).Parameter);
    }
}

public class RocAucTests
{
    [Fact]
    public void Roc_auc_is_the_probability_a_positive_outscores_a_negative_with_ties_as_halves()
    {
        Assert.Equal(0.75, ActLab.Core.Experiments.Evaluation.RocAuc([0.1, 0.4, 0.35, 0.8], [0, 0, 1, 1]), 1e-12); // scikit-learn's doc example
        Assert.Equal(0.5, ActLab.Core.Experiments.Evaluation.RocAuc([0.5, 0.5, 0.5, 0.5], [0, 1, 0, 1]), 1e-12);
        Assert.Equal(1.0, ActLab.Core.Experiments.Evaluation.RocAuc([0.1, 0.2, 0.8, 0.9], [0, 0, 1, 1]), 1e-12);
        Assert.True(double.IsNaN(ActLab.Core.Experiments.Evaluation.RocAuc([0.1, 0.2], [1, 1])));
    }
}
