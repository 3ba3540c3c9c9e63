using ActLab.Kernels.Activations;
using ActLab.Kernels.Softmax;

namespace ActLab.Kernels.Catalogue;

public static partial class Catalogue
{
    private static IEnumerable<ActivationInfo> BeyondEntries() =>
    [
        new()
        {
            Key = "identity", DisplayName = "Identity", Aliases = ["linear", "none"], Origin = Origin.Beyond,
            Formula = "f(x) = x", FormulaLatex = @"f(x) = x", Derivative = "f'(x) = 1", DerivativeLatex = @"f'(x) = 1",
            Range = "(−∞, ∞)", RangeMin = -Inf, RangeMax = Inf, ZeroCentred = true, Monotonic = true, Smooth = true,
            MaxSlope = 1, MaxSlopeAt = "everywhere", Uses = Use.RegressionOutput,
            Problems = ["in hidden layers a stack of linear layers stays linear: no activation, no depth"],
            Paper = "—", PyTorch = "nn.Identity()", Keras = "keras.activations.linear",
            Summary = "No activation: the regression output, paired with MSE.",
            Factory = _ => Elementwise(new Identity()),
        },
        new()
        {
            Key = "exponential", DisplayName = "Exponential", Aliases = ["exp"], Origin = Origin.Beyond,
            Formula = "f(x) = e^x", FormulaLatex = @"f(x) = e^{x}", Derivative = "f'(x) = e^x", DerivativeLatex = @"f'(x) = e^{x}",
            Range = "(0, ∞)", RangeMin = 0, RangeMax = Inf, ZeroCentred = false, Monotonic = true, Smooth = true,
            MaxSlope = Inf, MaxSlopeAt = "x → ∞", Uses = Use.RegressionOutput, Problems = ["overflows to ∞ above x ≈ 88.72 in float32", "exploding gradients"],
            Paper = "—", PyTorch = "torch.exp", Keras = "keras.activations.exponential",
            Summary = "e^x, for positive outputs such as rates (Poisson regression).",
            Factory = _ => Elementwise(new Exponential()),
        },
        new()
        {
            Key = "squareplus", DisplayName = "Squareplus", Origin = Origin.Beyond,
            Formula = "f(x) = (x + √(x² + b)) / 2", FormulaLatex = @"f(x) = \frac{x + \sqrt{x^2 + b}}{2}",
            Derivative = "f'(x) = (1 + x/√(x² + b)) / 2", DerivativeLatex = @"f'(x) = \frac{1}{2}\left(1 + \frac{x}{\sqrt{x^2 + b}}\right)",
            Range = "(0, ∞)", RangeMin = 0, RangeMax = Inf, ZeroCentred = false, Monotonic = true, Smooth = true,
            MaxSlope = 1, MaxSlopeAt = "x → ∞", Uses = Use.Hidden, Problems = [],
            Paper = "Barron 2021, arXiv:2112.11687", PyTorch = "—", Keras = "keras.activations.squareplus (b=4)",
            Parameters = [new("b", "b", 4.0, "curvature at the origin (> 0)", Positive)],
            Summary = "A softplus-like curve built from a square root instead of exp and log.",
            Factory = v => Elementwise(new Squareplus((float)v[0])),
        },
        new()
        {
            Key = "sparse-plus", DisplayName = "SparsePlus", Aliases = ["sparseplus"], Origin = Origin.Beyond,
            Formula = "f(x) = 0 if x ≤ −1, (x + 1)²/4 if −1 < x < 1, x if x ≥ 1", FormulaLatex = @"f(x) = \begin{cases} 0 & x \le -1 \\ \tfrac14 (x+1)^2 & |x| < 1 \\ x & x \ge 1 \end{cases}",
            Derivative = "f'(x) = 0 if x ≤ −1, (x + 1)/2 if −1 < x < 1, 1 if x ≥ 1", DerivativeLatex = @"f'(x) = \begin{cases} 0 & x \le -1 \\ \tfrac12 (x+1) & |x| < 1 \\ 1 & x \ge 1 \end{cases}",
            Range = "[0, ∞)", RangeMin = 0, RangeMax = Inf, ZeroCentred = false, Monotonic = true, Smooth = true,
            MaxSlope = 1, MaxSlopeAt = "x ≥ 1", Uses = Use.Hidden, Problems = ["no gradient below −1"],
            Paper = "Keras 3 (sparse_plus)", PyTorch = "—", Keras = "keras.activations.sparse_plus",
            Summary = "A ReLU with a quadratic join, differentiable everywhere; its derivative is sparse-sigmoid.",
            Factory = _ => Elementwise(new SparsePlus()),
        },
        new()
        {
            Key = "sparse-sigmoid", DisplayName = "SparseSigmoid", Aliases = ["sparsesigmoid"], Origin = Origin.Beyond,
            Formula = "f(x) = 0 if x ≤ −1, (x + 1)/2 if −1 < x < 1, 1 if x ≥ 1", FormulaLatex = @"f(x) = \min(\max(\tfrac{x+1}{2}, 0), 1)",
            Derivative = "f'(x) = 1/2 if −1 < x < 1, else 0", DerivativeLatex = @"f'(x) = \tfrac12\,\mathbb{1}[|x| < 1]",
            Range = "[0, 1]", RangeMin = 0, RangeMax = 1, ZeroCentred = false, Monotonic = true, Smooth = false,
            MaxSlope = 0.5, MaxSlopeAt = "−1 < x < 1", Uses = Use.BinaryOutput, Problems = ["no gradient outside ±1"],
            Paper = "Blondel et al. 2019, arXiv:1901.02324", PyTorch = "—", Keras = "keras.activations.sparse_sigmoid",
            Summary = "A sigmoid that reaches exactly 0 and 1 (two-class sparsemax).",
            Factory = _ => Elementwise(new SparseSigmoid()),
        },
        new()
        {
            Key = "squared-relu", DisplayName = "Squared ReLU", Aliases = ["relu2", "relu-squared"], Origin = Origin.Beyond,
            Formula = "f(x) = max(0, x)²", FormulaLatex = @"f(x) = \max(0, x)^2",
            Derivative = "f'(x) = 2·max(0, x)", DerivativeLatex = @"f'(x) = 2\max(0, x)",
            Range = "[0, ∞)", RangeMin = 0, RangeMax = Inf, ZeroCentred = false, Monotonic = true, Smooth = true,
            MaxSlope = Inf, MaxSlopeAt = "x → ∞", Uses = Use.Hidden, Problems = ["dying units as ReLU", "large activations can explode"],
            Paper = "So et al. 2021 (Primer), arXiv:2109.08668", PyTorch = "—", Keras = "—",
            Summary = "ReLU squared, found by architecture search for transformer feed-forward layers.",
            Factory = _ => Elementwise(new SquaredRelu()),
        },
        new()
        {
            Key = "snake", DisplayName = "Snake", Origin = Origin.Beyond,
            Formula = "f(x) = x + sin²(αx)/α", FormulaLatex = @"f(x) = x + \frac{\sin^2(\alpha x)}{\alpha}",
            Derivative = "f'(x) = 1 + sin(2αx)", DerivativeLatex = @"f'(x) = 1 + \sin(2\alpha x)",
            Range = "(−∞, ∞)", RangeMin = -Inf, RangeMax = Inf, ZeroCentred = false, Monotonic = true, Smooth = true,
            MaxSlope = 2, MaxSlopeAt = "sin(2αx) = 1", Uses = Use.Hidden, Problems = ["for periodic signals; unusual elsewhere"],
            Paper = "Liu Ziyin, Hartwig & Ueda 2020, arXiv:2006.08195", PyTorch = "—", Keras = "—",
            Parameters = [new("alpha", "alpha", 1.0, "frequency (≠ 0)", NonZero)],
            Summary = "The identity plus a periodic ripple, so networks can extrapolate periodic data (audio vocoders).",
            Factory = v => Elementwise(new Snake((float)v[0])),
        },
        new()
        {
            Key = "swish", DisplayName = "Swish", Origin = Origin.Beyond,
            Formula = "f(x) = x·σ(βx)", FormulaLatex = @"f(x) = x\,\sigma(\beta x)",
            Derivative = "f'(x) = σ(βx) + βx·σ(βx)(1 − σ(βx))", DerivativeLatex = @"f'(x) = \sigma(\beta x) + \beta x\,\sigma(\beta x)(1 - \sigma(\beta x))",
            Range = "[≈−0.2785, ∞) at β = 1", RangeMin = -0.2784645427606194, RangeMax = Inf, ZeroCentred = false, Monotonic = false, Smooth = true,
            MaxSlope = 1.099839320284346, MaxSlopeAt = "x ≈ 2.40 at β = 1", Uses = Use.Hidden, Problems = ["costlier than ReLU"],
            Paper = "Ramachandran, Zoph & Le 2017, arXiv:1710.05941", PyTorch = "nn.SiLU() at β = 1", Keras = "keras.activations.swish (β = 1)",
            Parameters = [new("beta", "beta", 1.0, "slope inside the sigmoid; 1 gives SiLU")],
            Summary = "SiLU with a sharpness β: β = 1 is SiLU, large β approaches ReLU.",
            Factory = v => Elementwise(new Swish((float)v[0])),
        },
        new()
        {
            Key = "sparsemax", DisplayName = "Sparsemax", Kind = ActivationKind.Vector, Origin = Origin.Beyond,
            Formula = "f(x) = max(x − τ, 0), τ such that Σ f(x) = 1 (along dim)", FormulaLatex = @"f(x)_i = \max(x_i - \tau(x), 0)",
            Derivative = "dx = dy − mean(dy over the support) on the support (f > 0), 0 elsewhere", DerivativeLatex = @"\frac{\partial f}{\partial x} = \operatorname{diag}(s) - \frac{s s^\top}{|S|}",
            Range = "[0, 1], summing to 1", RangeMin = 0, RangeMax = 1, ZeroCentred = false, Monotonic = true, Smooth = false,
            MaxSlope = 1, MaxSlopeAt = "a diagonal Jacobian entry with a large support", Uses = Use.MultiClassOutput,
            Problems = ["zero gradient for classes outside the support"],
            Paper = "Martins & Astudillo 2016, arXiv:1602.02068", PyTorch = "—", Keras = "keras.activations.sparsemax",
            Parameters = [Dim()],
            Summary = "A softmax that gives exact zeros: a projection onto the probability simplex.",
            Factory = v => new VectorActivation((int)v[0], (x, y, s, a) => Sparsemax.Forward(x, y, s, a),
                (x, y, dy, dx, s, a) => Sparsemax.Backward(y, dy, dx, s, a)),
        },
    ];
}
