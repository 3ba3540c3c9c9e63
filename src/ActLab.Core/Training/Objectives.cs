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
        : throw new InputException("loss", name, $"The loss '{InputException.Show(name)}' is not one of {string.Join(", ", LossNames)}.");
    /// <summary>Parses an optimizer name.</summary>
    public static OptimizerKind ParseOptimizer(string name) => Array.IndexOf(OptimizerNames, name) is >= 0 and var i ? (OptimizerKind)i
        : throw new InputException("optimizer", name, $"The optimizer '{InputException.Show(name)}' is not one of {string.Join(", ", OptimizerNames)}.");
    /// <summary>Parses a task name.</summary>
    public static TaskKind ParseTask(string name) => name switch
    {
        "binary" => TaskKind.Binary, "multiclass" => TaskKind.MultiClass, "regression" => TaskKind.Regression,
        _ => throw new InputException("task", name, $"The task '{InputException.Show(name)}' is not binary, multiclass or regression."),
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
            if (model.Outputs != 1) throw new InputException("model", model.Canonical, $"A regression model needs 1 output; '{InputException.Show(model.Canonical)}' gives {model.Outputs}.");
            var r = requested ?? LossKind.Mse;
            if (r is not (LossKind.Mse or LossKind.L1)) throw new InputException("loss", Name(r), $"A numeric target is learned with mse or l1, not {Name(r)}.");
            return r;
        }
        LossKind natural;
        if (model.Outputs == 1)
        {
            if (classes != 2) throw new InputException("model", model.Canonical, $"The model gives 1 output but the label has {classes} classes; it needs {classes} outputs.");
            natural = head switch
            {
                OutputKind.Probabilities => LossKind.Bce,
                OutputKind.LogProbabilities => throw new InputException("model", model.Canonical,
                    $"The model {ends} (log-probabilities); a binary classifier ends in sigmoid (BCELoss) or in a linear layer (BCEWithLogitsLoss)."),
                _ => LossKind.BceWithLogits,
            };
        }
        else if (model.Outputs == classes)
        {
            natural = head switch
            {
                OutputKind.LogProbabilities => LossKind.Nll,
                OutputKind.Probabilities => throw new InputException("model", model.Canonical,
                    $"The model {ends}, giving probabilities; cross-entropy needs logits: end it in a linear layer (predictions still get the softmax) or in log-softmax (NLLLoss)."),
                _ => LossKind.CrossEntropy,
            };
        }
        else throw new InputException("model", model.Canonical, $"The model gives {model.Outputs} outputs but the label has {classes} classes; it needs {classes} (or 1 for two classes).");
        if (requested is not LossKind want || want == natural) return natural;
        bool fits = want switch
        {
            LossKind.Bce => model.Outputs == 1 && head == OutputKind.Probabilities,
            LossKind.BceWithLogits => model.Outputs == 1 && head is OutputKind.Logits or OutputKind.Values,
            LossKind.Mse or LossKind.L1 => model.Outputs == 1,
            _ => false,
        };
        if (!fits) throw new InputException("loss", Name(want), $"The loss {Name(want)} does not fit this model: it {ends} with {model.Outputs} output(s), for which the loss is {Name(natural)}.");
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
            throw new InputException("momentum", momentum, $"Momentum applies to sgd only; {Name(kind)} has its own moment estimates.");
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
