using System.Globalization;
using ActLab.Kernels.Catalogue;

namespace ActLab.Core.Model;

/// <summary>GELU's form (PyTorch's <c>approximate</c>).</summary>
public enum GeluApproximation
{
    /// <summary>x·Φ(x) with the exact erf.</summary>
    None,
    /// <summary>The tanh approximation (GPT-2's).</summary>
    Tanh,
}

/// <summary>How RReLU picks its negative slope.</summary>
public enum RreluMode
{
    /// <summary>A random slope per element, drawn from U(lower, upper) in training; the mean in evaluation.</summary>
    Train,
    /// <summary>Always the mean slope (lower + upper)/2.</summary>
    Eval,
}

/// <summary>
/// Activation layers with PyTorch's parameter names and defaults, as typed factories:
/// <c>new Sequential(new Linear(2, 16, seed: 0), Activations.LeakyRelu(negativeSlope: 0.1), ...)</c>.
/// Every function of the catalogue (and any registered with <see cref="Catalogue.Register"/>) is also reachable by
/// its spec through <see cref="FromSpec"/>.
/// </summary>
public static class Activations
{
    /// <summary>An activation layer from a spec such as <c>leaky-relu:negative-slope=0.1</c>.</summary>
    /// <exception cref="SpecException">The spec is malformed or names no activation.</exception>
    public static ActivationLayer FromSpec(string spec) => new(Catalogue.Resolve(spec));

    /// <summary>σ(x) = 1/(1 + e^(−x)).</summary>
    public static ActivationLayer Sigmoid() => FromSpec("sigmoid");
    /// <summary>tanh(x).</summary>
    public static ActivationLayer Tanh() => FromSpec("tanh");
    /// <summary>max(0, x).</summary>
    public static ActivationLayer Relu() => FromSpec("relu");
    /// <summary>x for x &gt; 0, else negativeSlope·x (nn.LeakyReLU).</summary>
    public static ActivationLayer LeakyRelu(double negativeSlope = 0.01) => With("leaky-relu", ("negative-slope", negativeSlope));
    /// <summary>Leaky ReLU with learned slopes (nn.PReLU).</summary>
    public static ActivationLayer Prelu(int numParameters = 1, double init = 0.25) => With("prelu", ("num-parameters", numParameters), ("init", init));
    /// <summary>x for x &gt; 0, else α(e^x − 1) (nn.ELU).</summary>
    public static ActivationLayer Elu(double alpha = 1.0) => With("elu", ("alpha", alpha));
    /// <summary>λ·ELU with PyTorch's constants (nn.SELU).</summary>
    public static ActivationLayer Selu() => FromSpec("selu");
    /// <summary>max(0, x) + min(0, α(e^(x/α) − 1)) (nn.CELU).</summary>
    public static ActivationLayer Celu(double alpha = 1.0) => With("celu", ("alpha", alpha));
    /// <summary>x·Φ(x) (nn.GELU).</summary>
    public static ActivationLayer Gelu(GeluApproximation approximate = GeluApproximation.None) =>
        FromSpec(approximate == GeluApproximation.Tanh ? "gelu:approximate=tanh" : "gelu");
    /// <summary>x·σ(x) (nn.SiLU).</summary>
    public static ActivationLayer Silu() => FromSpec("silu");
    /// <summary>x·tanh(softplus(x)) (nn.Mish).</summary>
    public static ActivationLayer Mish() => FromSpec("mish");
    /// <summary>(1/β)·ln(1 + e^(βx)), x above βx &gt; threshold (nn.Softplus).</summary>
    public static ActivationLayer Softplus(double beta = 1.0, double threshold = 20.0) => With("softplus", ("beta", beta), ("threshold", threshold));
    /// <summary>Softmax along <paramref name="dim"/> (nn.Softmax).</summary>
    public static ActivationLayer Softmax(int dim = -1) => With("softmax", ("dim", dim));
    /// <summary>Log-softmax along <paramref name="dim"/> (nn.LogSoftmax).</summary>
    public static ActivationLayer LogSoftmax(int dim = -1) => With("log-softmax", ("dim", dim));
    /// <summary>Randomised leaky ReLU (nn.RReLU); <paramref name="seed"/> seeds its slope noise.</summary>
    public static ActivationLayer Rrelu(double lower = 1.0 / 8, double upper = 1.0 / 3, RreluMode mode = RreluMode.Eval, ulong seed = 0) =>
        FromSpec(string.Create(CultureInfo.InvariantCulture, $"rrelu:lower={lower:R},upper={upper:R},mode={(mode == RreluMode.Train ? "train" : "eval")},seed={seed}"));

    private static ActivationLayer With(string key, params (string Key, double Value)[] parameters) =>
        FromSpec($"{key}:{string.Join(",", parameters.Select(p => $"{p.Key}={p.Value.ToString("R", CultureInfo.InvariantCulture)}"))}");
}
