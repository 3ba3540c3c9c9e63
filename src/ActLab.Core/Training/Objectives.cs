using ActLab.Core.Model;
using ActLab.Kernels;

namespace ActLab.Core.Training;

/// <summary>What is learned: a class out of two, a class out of several, or a number.</summary>
public enum TaskKind
{
    /// <summary>Two classes: one output (a probability or a logit, thresholded) or two (arg-max).</summary>
    Binary,
    /// <summary>One output per class: the arg-max.</summary>
    MultiClass,
    /// <summary>A float target: no accuracy.</summary>
    Regression,
}

/// <summary>PyTorch's losses, as a closed choice.</summary>
public enum LossKind
{
    /// <summary>BCELoss, on probabilities (a model ending in sigmoid).</summary>
    Bce,
    /// <summary>BCEWithLogitsLoss, on one logit (a model ending in Linear).</summary>
    BceWithLogits,
    /// <summary>CrossEntropyLoss, on logits, one per class.</summary>
    CrossEntropy,
    /// <summary>NLLLoss, on log-probabilities (a model ending in log-softmax).</summary>
    Nll,
    /// <summary>MSELoss.</summary>
    Mse,
    /// <summary>L1Loss.</summary>
    L1,
}

/// <summary>PyTorch's optimizers, as a closed choice.</summary>
public enum OptimizerKind
{
    /// <summary>torch.optim.Adam (weight decay as coupled L2).</summary>
    Adam,
    /// <summary>torch.optim.AdamW (decoupled weight decay, default 0.01).</summary>
    AdamW,
    /// <summary>torch.optim.SGD (momentum allowed).</summary>
    Sgd,
    /// <summary>torch.optim.RMSprop.</summary>
    RmsProp,
    /// <summary>torch.optim.Adagrad.</summary>
    Adagrad,
}

/// <summary>What turns a model's output into the numbers a user reads (probabilities, values).</summary>
public enum PredictionFunction
{
    /// <summary>The output already is the answer (probabilities, or a regression value).</summary>
    None,
    /// <summary>σ of one logit: P(second class).</summary>
    Sigmoid,
    /// <summary>Softmax of the logits.</summary>
    Softmax,
    /// <summary>e^x of log-probabilities.</summary>
    Exp,
}

/// <summary>The rules that tie a task and a model's structure to a loss, an optimizer and a prediction function.
/// Everything is derived from <see cref="ModelDefinition.Output"/> and <see cref="ModelDefinition.Outputs"/>.</summary>
public static class Objectives
{
    /// <summary>Loss names (kebab-case), in <see cref="LossKind"/> order.</summary>
    public static readonly string[] LossNames = ["bce", "bce-logits", "cross-entropy", "nll", "mse", "l1"];
    /// <summary>Optimizer names, in <see cref="OptimizerKind"/> order.</summary>
    public static readonly string[] OptimizerNames = ["adam", "adamw", "sgd", "rmsprop", "adagrad"];

    /// <summary>The name of a loss.</summary>
    public static string Name(LossKind k) => LossNames[(int)k];
    /// <summary>The name of an optimizer.</summary>
    public static string Name(OptimizerKind k) => OptimizerNames[(int)k];
    /// <summary>The name of a task.</summary>
    public static string Name(TaskKind k) => k switch { TaskKind.Binary => "binary", TaskKind.MultiClass => "multiclass", _ => "regression" };

    /// <summary>Parses a loss name.</summary>
    public static LossKind ParseLoss(string name) => Array.IndexOf(LossNames, name) is >= 0 and var i ? (LossKind)i
        : throw ActLab.Core.Localization.Texts.Error("loss", name, "error.objective.loss", InputException.Show(name), string.Join(", ", LossNames));
    /// <summary>Parses an optimizer name.</summary>
    public static OptimizerKind ParseOptimizer(string name) => Array.IndexOf(OptimizerNames, name) is >= 0 and var i ? (OptimizerKind)i
        : throw ActLab.Core.Localization.Texts.Error("optimizer", name, "error.objective.optimizer", InputException.Show(name), string.Join(", ", OptimizerNames));
    /// <summary>Parses a task name.</summary>
    public static TaskKind ParseTask(string name) => name switch
    {
        "binary" => TaskKind.Binary, "multiclass" => TaskKind.MultiClass, "regression" => TaskKind.Regression,
        _ => throw ActLab.Core.Localization.Texts.Error("task", name, "error.objective.task", InputException.Show(name)),
    };

    /// <summary>The task for a label column: regression, or binary/multi-class by the number of classes.</summary>
    public static TaskKind TaskFor(int classes) => classes == 0 ? TaskKind.Regression : classes == 2 ? TaskKind.Binary : TaskKind.MultiClass;

    /// <summary>The loss for a task and a model, or the one requested if it fits them.</summary>
    /// <exception cref="InputException">The model's outputs do not fit the task, or the requested loss does not fit the model.</exception>
    public static LossKind ChooseLoss(TaskKind task, int classes, ModelDefinition model, LossKind? requested = null)
    {
        var head = model.Output;
        string ends = model.OutputActivation is { } a ? $"ends in {a}" : "ends in a linear layer (logits)";
        if (task == TaskKind.Regression)
        {
            if (model.Outputs != 1) throw ActLab.Core.Localization.Texts.Error("model", model.Canonical, "error.objective.regressionOutputs", InputException.Show(model.Canonical), model.Outputs);
            var r = requested ?? LossKind.Mse;
            if (r is not (LossKind.Mse or LossKind.L1)) throw ActLab.Core.Localization.Texts.Error("loss", Name(r), "error.objective.regressionLoss", Name(r));
            return r;
        }
        LossKind natural;
        if (model.Outputs == 1)
        {
            if (classes != 2) throw ActLab.Core.Localization.Texts.Error("model", model.Canonical, "error.objective.oneOutput", classes, classes);
            natural = head switch
            {
                OutputKind.Probabilities => LossKind.Bce,
                OutputKind.LogProbabilities => throw ActLab.Core.Localization.Texts.Error("model", model.Canonical, "error.objective.binaryLog", ends),
                _ => LossKind.BceWithLogits,
            };
        }
        else if (model.Outputs == classes)
        {
            natural = head switch
            {
                OutputKind.LogProbabilities => LossKind.Nll,
                OutputKind.Probabilities => throw ActLab.Core.Localization.Texts.Error("model", model.Canonical, "error.objective.softmaxEnd", ends),
                _ => LossKind.CrossEntropy,
            };
        }
        else throw ActLab.Core.Localization.Texts.Error("model", model.Canonical, "error.objective.outputs", model.Outputs, classes, classes);
        if (requested is not LossKind want || want == natural) return natural;
        bool fits = want switch
        {
            LossKind.Bce => model.Outputs == 1 && head == OutputKind.Probabilities,
            LossKind.BceWithLogits => model.Outputs == 1 && head is OutputKind.Logits or OutputKind.Values,
            LossKind.Mse or LossKind.L1 => model.Outputs == 1,
            _ => false,
        };
        if (!fits) throw ActLab.Core.Localization.Texts.Error("loss", Name(want), "error.objective.lossMismatch", Name(want), ends, model.Outputs, Name(natural));
        return want;
    }

    /// <summary>A new loss of the given kind with PyTorch's defaults.</summary>
    public static Loss CreateLoss(LossKind kind) => kind switch
    {
        LossKind.Bce => new BceLoss(),
        LossKind.BceWithLogits => new BceWithLogitsLoss(),
        LossKind.CrossEntropy => new CrossEntropyLoss(),
        LossKind.Nll => new CrossEntropyLoss(inputIsLogProbabilities: true),
        LossKind.Mse => new MseLoss(),
        LossKind.L1 => new L1Loss(),
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    /// <summary>Whether targets are a column [n, 1] (BCE, regression) rather than class indices [n].</summary>
    public static bool TargetsAsColumn(LossKind kind) => kind is not (LossKind.CrossEntropy or LossKind.Nll);

    /// <summary>A new optimizer over <paramref name="parameters"/>. Momentum applies to SGD only; AdamW's weight decay
    /// defaults to 0.01 (PyTorch's) when <paramref name="weightDecay"/> is null, the others' to 0.</summary>
    /// <exception cref="InputException">A setting that does not apply or is out of range.</exception>
    public static Optimizer CreateOptimizer(OptimizerKind kind, IReadOnlyList<Parameter> parameters, double learningRate, double momentum = 0, double? weightDecay = null)
    {
        if (momentum != 0 && kind != OptimizerKind.Sgd)
            throw ActLab.Core.Localization.Texts.Error("momentum", momentum, "error.objective.momentum", Name(kind));
        double wd = weightDecay ?? (kind == OptimizerKind.AdamW ? 0.01 : 0);
        return kind switch
        {
            OptimizerKind.Adam => new Adam(parameters, learningRate, weightDecay: wd),
            OptimizerKind.AdamW => new Adam(parameters, learningRate, weightDecay: wd, decoupledWeightDecay: true),
            OptimizerKind.Sgd => new Sgd(parameters, learningRate, momentum, weightDecay: wd),
            OptimizerKind.RmsProp => new RmsProp(parameters, learningRate, weightDecay: wd),
            OptimizerKind.Adagrad => new Adagrad(parameters, learningRate, weightDecay: wd),
            _ => throw new ArgumentOutOfRangeException(nameof(kind)),
        };
    }

    /// <summary>How outputs become what a user reads, from the task and the model's structure.</summary>
    public static PredictionFunction PredictionFor(TaskKind task, ModelDefinition model) => task == TaskKind.Regression ? PredictionFunction.None : model.Output switch
    {
        OutputKind.Probabilities => PredictionFunction.None,
        OutputKind.LogProbabilities => PredictionFunction.Exp,
        _ => model.Outputs == 1 ? PredictionFunction.Sigmoid : PredictionFunction.Softmax,
    };
}
