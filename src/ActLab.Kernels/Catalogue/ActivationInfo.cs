namespace ActLab.Kernels.Catalogue;

/// <summary>Whether a function maps each element alone or a whole vector along an axis.</summary>
public enum ActivationKind
{
    /// <summary>y[i] depends on x[i] only.</summary>
    Elementwise,
    /// <summary>Each output depends on a whole slice along an axis (softmax family, GLU, sparsemax).</summary>
    Vector,
}

/// <summary>Where a function is typically used (seed 003's which-activation-where table, extended).</summary>
[Flags]
public enum Use
{
    /// <summary>No typical use (a teaching example).</summary>
    None = 0,
    /// <summary>Hidden layers.</summary>
    Hidden = 1,
    /// <summary>The output of a binary classifier (a probability).</summary>
    BinaryOutput = 2,
    /// <summary>The output of a multi-class classifier (a distribution).</summary>
    MultiClassOutput = 4,
    /// <summary>The output of a regression model (unbounded).</summary>
    RegressionOutput = 8,
    /// <summary>Gates inside a layer (LSTM/GRU gates, gated linear units).</summary>
    Gating = 16,
    /// <summary>Historical or teaching use only.</summary>
    Teaching = 32,
}

/// <summary>Where a function comes from.</summary>
public enum Origin
{
    /// <summary>Taught in the tutorials (seeds).</summary>
    Tutorial,
    /// <summary>In torch.nn.</summary>
    PyTorch,
    /// <summary>Beyond torch.nn (Keras or papers).</summary>
    Beyond,
    /// <summary>Registered by the application with <see cref="Catalogue.Register(ActivationInfo)"/>.</summary>
    User,
}

/// <summary>A parameter of an activation, in PyTorch's meaning, with its command-line key.</summary>
/// <param name="Key">kebab-case key used in specs (<c>negative-slope</c>).</param>
/// <param name="PyTorchName">PyTorch's (or Keras') argument name (<c>negative_slope</c>).</param>
/// <param name="Default">The default, or null where PyTorch has none (the value is then required).</param>
/// <param name="Description">One line for people.</param>
/// <param name="Validate">Returns an error fragment ("must be ≥ 0") for a bad value, or null.</param>
/// <param name="Choices">For a choice parameter, its values (the first is index 0); null for numbers.</param>
public sealed record ParameterInfo(string Key, string PyTorchName, double? Default, string Description,
    Func<double, string?>? Validate = null, string[]? Choices = null)
{
    /// <summary>The default as text (a choice's name, or a number).</summary>
    public string DefaultText => Default is null ? "(required)" : Choices is not null ? Choices[(int)Default.Value] : Catalogue.Format(Default.Value);
}

/// <summary>Everything ActLab knows about one activation function, for people and for tools.</summary>
public sealed record ActivationInfo
{
    /// <summary>The kebab-case key (<c>leaky-relu</c>).</summary>
    public required string Key { get; init; }
    /// <summary>The human spelling (<c>Leaky ReLU</c>).</summary>
    public required string DisplayName { get; init; }
    /// <summary>Other accepted names.</summary>
    public string[] Aliases { get; init; } = [];
    /// <summary>Elementwise or vector.</summary>
    public ActivationKind Kind { get; init; } = ActivationKind.Elementwise;
    /// <summary>Tutorial, PyTorch or beyond.</summary>
    public required Origin Origin { get; init; }
    /// <summary>The formula in plain text.</summary>
    public required string Formula { get; init; }
    /// <summary>The formula in LaTeX.</summary>
    public required string FormulaLatex { get; init; }
    /// <summary>The derivative in plain text, including the value at any kink.</summary>
    public required string Derivative { get; init; }
    /// <summary>The derivative in LaTeX.</summary>
    public required string DerivativeLatex { get; init; }
    /// <summary>The output range at default parameters, as text.</summary>
    public required string Range { get; init; }
    /// <summary>Lower end of the range at defaults (−∞ if unbounded).</summary>
    public required double RangeMin { get; init; }
    /// <summary>Upper end of the range at defaults (+∞ if unbounded).</summary>
    public required double RangeMax { get; init; }
    /// <summary>Whether outputs are centred on 0 (negative and positive outputs, f(0) = 0).</summary>
    public required bool ZeroCentred { get; init; }
    /// <summary>Whether f is non-decreasing.</summary>
    public required bool Monotonic { get; init; }
    /// <summary>Whether f is differentiable everywhere (no kink or jump).</summary>
    public required bool Smooth { get; init; }
    /// <summary>Whether the output is bounded on both sides.</summary>
    public bool Bounded => !double.IsInfinity(RangeMin) && !double.IsInfinity(RangeMax);
    /// <summary>sup |f′| at default parameters (+∞ if unbounded), checked against the kernel by the tests.</summary>
    public required double MaxSlope { get; init; }
    /// <summary>Where the maximum slope is reached, as text.</summary>
    public required string MaxSlopeAt { get; init; }
    /// <summary>Typical uses.</summary>
    public required Use Uses { get; init; }
    /// <summary>Known problems in training (dying units, vanishing gradient, ...).</summary>
    public string[] Problems { get; init; } = [];
    /// <summary>The paper or origin.</summary>
    public required string Paper { get; init; }
    /// <summary>The PyTorch equivalent, or "—".</summary>
    public required string PyTorch { get; init; }
    /// <summary>The Keras equivalent, or "—".</summary>
    public required string Keras { get; init; }
    /// <summary>Parameters in PyTorch's meaning and default.</summary>
    public ParameterInfo[] Parameters { get; init; } = [];
    /// <summary>One or two sentences for a learner.</summary>
    public required string Summary { get; init; }
    /// <summary>Builds the activation from resolved parameter values (in <see cref="Parameters"/> order).</summary>
    /// <remarks>For an activation of your own, <see cref="Activation.FromFunctions"/> makes one from two delegates.</remarks>
    public required Func<double[], Activation> Factory { get; init; }
}
