using ActLab.Kernels.Activations;
using ActLab.Kernels.Softmax;

namespace ActLab.Kernels.Catalogue;

public static partial class Catalogue
{
    private static IEnumerable<ActivationInfo> TorchEntries() =>
    [
        new()
        {
            Key = "relu6", DisplayName = "ReLU6", Origin = Origin.PyTorch,
            Formula = "f(x) = min(max(0, x), 6)", FormulaLatex = @"f(x) = \min(\max(0, x), 6)",
            Derivative = "f'(x) = 1 if 0 < x < 6, else 0 (0 at 0 and 6)", DerivativeLatex = @"f'(x) = \mathbb{1}[0 < x < 6]",
            Range = "[0, 6]", RangeMin = 0, RangeMax = 6, ZeroCentred = false, Monotonic = true, Smooth = false,
            MaxSlope = 1, MaxSlopeAt = "0 < x < 6", Uses = Use.Hidden, Problems = ["dying units as ReLU", "no gradient above 6"],
            Paper = "Krizhevsky 2010; MobileNet (Howard et al. 2017)", PyTorch = "nn.ReLU6()", Keras = "keras.activations.relu6",
            Summary = "ReLU capped at 6, robust in low-precision (mobile) arithmetic.",
            Factory = _ => Elementwise(new Relu6()),
        },
        new()
        {
            Key = "hardtanh", DisplayName = "Hardtanh", Aliases = ["hard-tanh"], Origin = Origin.PyTorch,
            Formula = "f(x) = clamp(x, min_val, max_val)", FormulaLatex = @"f(x) = \min(\max(x, a), b)",
            Derivative = "f'(x) = 1 if min_val < x < max_val, else 0 (0 at the bounds)", DerivativeLatex = @"f'(x) = \mathbb{1}[a < x < b]",
            Range = "[min_val, max_val] = [−1, 1]", RangeMin = -1, RangeMax = 1, ZeroCentred = true, Monotonic = true, Smooth = false,
            MaxSlope = 1, MaxSlopeAt = "min_val < x < max_val", Uses = Use.Hidden, Problems = ["no gradient outside the bounds"],
            Paper = "Collobert 2004", PyTorch = "nn.Hardtanh(min_val=-1.0, max_val=1.0)", Keras = "keras.activations.hard_tanh",
            Parameters = [new("min-val", "min_val", -1.0, "lower bound"), new("max-val", "max_val", 1.0, "upper bound")],
            Summary = "A piecewise-linear tanh: identity between the bounds, clamped outside.",
            Factory = v => v[0] < v[1] ? Elementwise(new Hardtanh((float)v[0], (float)v[1]))
                : throw new SpecException($"'hardtanh' needs min-val < max-val; got min-val={Format(v[0])}, max-val={Format(v[1])}.") { Key = "error.spec.hardtanh", Args = [Format(v[0]), Format(v[1])] },
        },
        new()
        {
            Key = "hardsigmoid", DisplayName = "Hardsigmoid", Aliases = ["hard-sigmoid"], Origin = Origin.PyTorch,
            Formula = "f(x) = min(max(x + 3, 0), 6) / 6", FormulaLatex = @"f(x) = \frac{\min(\max(x + 3, 0), 6)}{6}",
            Derivative = "f'(x) = 1/6 if −3 < x < 3, else 0 (0 at ±3)", DerivativeLatex = @"f'(x) = \tfrac{1}{6}\,\mathbb{1}[-3 < x < 3]",
            Range = "[0, 1]", RangeMin = 0, RangeMax = 1, ZeroCentred = false, Monotonic = true, Smooth = false,
            MaxSlope = 1.0 / 6, MaxSlopeAt = "−3 < x < 3", Uses = Use.Gating, Problems = ["no gradient outside ±3"],
            Paper = "Howard et al. 2019 (MobileNetV3), arXiv:1905.02244", PyTorch = "nn.Hardsigmoid()", Keras = "keras.activations.hard_sigmoid (Keras 2: clip(0.2x + 0.5))",
            Summary = "A cheap piecewise-linear sigmoid for mobile networks.",
            Factory = _ => Elementwise(new Hardsigmoid()),
        },
        new()
        {
            Key = "hardswish", DisplayName = "Hardswish", Aliases = ["hard-swish", "hard-silu"], Origin = Origin.PyTorch,
            Formula = "f(x) = x·min(max(x + 3, 0), 6) / 6", FormulaLatex = @"f(x) = x\,\frac{\min(\max(x + 3, 0), 6)}{6}",
            Derivative = "f'(x) = 0 if x < −3, x/3 + 1/2 if −3 ≤ x ≤ 3, 1 if x > 3 (−0.5 at −3 and 1.5 at 3, PyTorch's kernel)", DerivativeLatex = @"f'(x) = \begin{cases} 0 & x < -3 \\ \tfrac{x}{3} + \tfrac12 & -3 \le x \le 3 \\ 1 & x > 3 \end{cases}",
            Range = "[−0.375, ∞)", RangeMin = -0.375, RangeMax = Inf, ZeroCentred = false, Monotonic = false, Smooth = false,
            MaxSlope = 1.5, MaxSlopeAt = "x = 3 (PyTorch's closed interval)", Uses = Use.Hidden, Problems = ["no gradient below −3"],
            Paper = "Howard et al. 2019 (MobileNetV3), arXiv:1905.02244", PyTorch = "nn.Hardswish()", Keras = "keras.activations.hard_silu",
            Summary = "A piecewise-polynomial SiLU for mobile networks.",
            Factory = _ => Elementwise(new Hardswish()),
        },
        new()
        {
            Key = "hardshrink", DisplayName = "Hardshrink", Aliases = ["hard-shrink"], Origin = Origin.PyTorch,
            Formula = "f(x) = 0 if −λ ≤ x ≤ λ, else x", FormulaLatex = @"f(x) = \begin{cases} 0 & |x| \le \lambda \\ x & \text{otherwise} \end{cases}",
            Derivative = "f'(x) = 0 if |x| ≤ λ, else 1", DerivativeLatex = @"f'(x) = \mathbb{1}[|x| > \lambda]",
            Range = "(−∞, ∞), with a gap (−λ, λ) \\ {0}", RangeMin = -Inf, RangeMax = Inf, ZeroCentred = true, Monotonic = true, Smooth = false,
            MaxSlope = 1, MaxSlopeAt = "|x| > λ", Uses = Use.None, Problems = ["jumps at ±λ"],
            Paper = "Donoho & Johnstone 1994 (hard thresholding)", PyTorch = "nn.Hardshrink(lambd=0.5)", Keras = "keras.activations.hard_shrink",
            Parameters = [new("lambd", "lambd", 0.5, "half-width of the zeroed band", NonNegative)],
            Summary = "Zeroes small values and keeps the rest unchanged (hard thresholding).",
            Factory = v => Elementwise(new Hardshrink((float)v[0])),
        },
        new()
        {
            Key = "softshrink", DisplayName = "Softshrink", Aliases = ["soft-shrink"], Origin = Origin.PyTorch,
            Formula = "f(x) = x − λ if x > λ, x + λ if x < −λ, else 0", FormulaLatex = @"f(x) = \operatorname{sgn}(x)\max(|x| - \lambda, 0)",
            Derivative = "f'(x) = 0 if |x| ≤ λ, else 1", DerivativeLatex = @"f'(x) = \mathbb{1}[|x| > \lambda]",
            Range = "(−∞, ∞)", RangeMin = -Inf, RangeMax = Inf, ZeroCentred = true, Monotonic = true, Smooth = false,
            MaxSlope = 1, MaxSlopeAt = "|x| > λ", Uses = Use.None, Problems = ["no gradient inside ±λ"],
            Paper = "Donoho 1995 (soft thresholding)", PyTorch = "nn.Softshrink(lambd=0.5)", Keras = "keras.activations.soft_shrink",
            Parameters = [new("lambd", "lambd", 0.5, "half-width of the zeroed band (≥ 0)", NonNegative)],
            Summary = "Shrinks every value toward 0 by λ (the proximal operator of the L1 norm).",
            Factory = v => Elementwise(new Softshrink((float)v[0])),
        },
        new()
        {
            Key = "tanhshrink", DisplayName = "Tanhshrink", Aliases = ["tanh-shrink"], Origin = Origin.PyTorch,
            Formula = "f(x) = x − tanh(x)", FormulaLatex = @"f(x) = x - \tanh(x)",
            Derivative = "f'(x) = tanh²(x)", DerivativeLatex = @"f'(x) = \tanh^2(x)",
            Range = "(−∞, ∞)", RangeMin = -Inf, RangeMax = Inf, ZeroCentred = true, Monotonic = true, Smooth = true,
            MaxSlope = 1, MaxSlopeAt = "|x| → ∞", Uses = Use.None, Problems = ["flat near 0: tiny gradients for small inputs"],
            Paper = "—", PyTorch = "nn.Tanhshrink()", Keras = "keras.activations.tanh_shrink",
            Summary = "The part of x that tanh leaves out; flat near the origin.",
            Factory = _ => Elementwise(new Tanhshrink()),
        },
        new()
        {
            Key = "threshold", DisplayName = "Threshold", Origin = Origin.PyTorch,
            Formula = "f(x) = value if x ≤ threshold, else x", FormulaLatex = @"f(x) = \begin{cases} x & x > t \\ v & x \le t \end{cases}",
            Derivative = "f'(x) = 0 if x ≤ threshold, else 1", DerivativeLatex = @"f'(x) = \mathbb{1}[x > t]",
            Range = "{value} ∪ (threshold, ∞)", RangeMin = -Inf, RangeMax = Inf, ZeroCentred = false, Monotonic = false, Smooth = false,
            MaxSlope = 1, MaxSlopeAt = "x > threshold", Uses = Use.None, Problems = ["no gradient at or below the threshold", "a jump unless value = threshold"],
            Paper = "—", PyTorch = "nn.Threshold(threshold, value) (no defaults)", Keras = "keras.activations.threshold",
            Parameters = [new("threshold", "threshold", null, "inputs at or below it are replaced"), new("value", "value", null, "the replacement")],
            Summary = "Replaces inputs at or below a threshold by a fixed value; ReLU is threshold 0, value 0.",
            Factory = v => Elementwise(new Threshold((float)v[0], (float)v[1])),
        },
        new()
        {
            Key = "rrelu", DisplayName = "RReLU", Aliases = ["randomized-relu"], Origin = Origin.PyTorch,
            Formula = "f(x) = x if x > 0, else r·x; training: r ~ U(lower, upper) per element; evaluation: r = (lower + upper)/2",
            FormulaLatex = @"f(x) = \begin{cases} x & x > 0 \\ r x & x \le 0 \end{cases},\ r \sim U(l, u)",
            Derivative = "f'(x) = 1 if x > 0, else r (the element's sampled slope; (l + u)/2 in evaluation)", DerivativeLatex = @"f'(x) = \begin{cases} 1 & x > 0 \\ r & x \le 0 \end{cases}",
            Range = "(−∞, ∞)", RangeMin = -Inf, RangeMax = Inf, ZeroCentred = false, Monotonic = true, Smooth = false,
            MaxSlope = 1, MaxSlopeAt = "x > 0", Uses = Use.Hidden, Problems = ["random in training: set a seed to replay"],
            Paper = "Xu et al. 2015, arXiv:1505.00853", PyTorch = "nn.RReLU(lower=1/8, upper=1/3)", Keras = "—",
            Parameters = [new("lower", "lower", 1.0 / 8, "lower bound of the random slope"), new("upper", "upper", 1.0 / 3, "upper bound of the random slope"),
                new("mode", "training", 1, "'eval' (mean slope) or 'train' (random slopes)", Choices: ["train", "eval"]), new("seed", "generator", 0, "seed of the slope noise in training", NonNegativeInteger)],
            Summary = "Leaky ReLU with a random slope per element in training (a regulariser) and the mean slope in evaluation.",
            Factory = v => v[0] <= v[1] ? new RreluActivation((float)v[0], (float)v[1], v[2] == 0, (ulong)v[3])
                : throw new SpecException($"'rrelu' needs lower ≤ upper; got lower={Format(v[0])}, upper={Format(v[1])}.") { Key = "error.spec.rrelu", Args = [Format(v[0]), Format(v[1])] },
        },
        new()
        {
            Key = "selu", DisplayName = "SELU", Origin = Origin.PyTorch,
            Formula = "f(x) = λx if x > 0, else λα(e^x − 1); α ≈ 1.6733, λ ≈ 1.0507", FormulaLatex = @"f(x) = \lambda \begin{cases} x & x > 0 \\ \alpha (e^{x} - 1) & x \le 0 \end{cases}",
            Derivative = "f'(x) = λ if x > 0, else λαe^x (λα ≈ 1.7581 at x = 0)", DerivativeLatex = @"f'(x) = \lambda \begin{cases} 1 & x > 0 \\ \alpha e^{x} & x \le 0 \end{cases}",
            Range = "(−λα, ∞) ≈ (−1.7581, ∞)", RangeMin = -1.7580993408473766, RangeMax = Inf, ZeroCentred = true, Monotonic = true, Smooth = false,
            MaxSlope = 1.7580993408473766, MaxSlopeAt = "x = 0 (left side, λα)", Uses = Use.Hidden,
            Problems = ["self-normalises only with LeCun-normal init and alpha-dropout"],
            Paper = "Klambauer et al. 2017, arXiv:1706.02515", PyTorch = "nn.SELU()", Keras = "keras.activations.selu",
            Summary = "Scaled ELU whose constants keep activations at mean 0 and variance 1 through deep plain networks.",
            Factory = _ => Elementwise(new Selu()),
        },
        new()
        {
            Key = "celu", DisplayName = "CELU", Origin = Origin.PyTorch,
            Formula = "f(x) = max(0, x) + min(0, α(e^(x/α) − 1))", FormulaLatex = @"f(x) = \max(0, x) + \min\!\left(0, \alpha\left(e^{x/\alpha} - 1\right)\right)",
            Derivative = "f'(x) = 1 if x > 0, else e^(x/α) (1 at x = 0)", DerivativeLatex = @"f'(x) = \begin{cases} 1 & x > 0 \\ e^{x/\alpha} & x \le 0 \end{cases}",
            Range = "(−α, ∞) = (−1, ∞)", RangeMin = -1, RangeMax = Inf, ZeroCentred = false, Monotonic = true, Smooth = true,
            MaxSlope = 1, MaxSlopeAt = "x ≥ 0", Uses = Use.Hidden, Problems = ["an exponential per negative input"],
            Paper = "Barron 2017, arXiv:1704.07483", PyTorch = "nn.CELU(alpha=1.0)", Keras = "keras.activations.celu",
            Parameters = [new("alpha", "alpha", 1.0, "saturation value −α (≠ 0)", NonZero)],
            Summary = "ELU rescaled so that it is continuously differentiable for every α.",
            Factory = v => Elementwise(new Celu((float)v[0])),
        },
        new()
        {
            Key = "silu", DisplayName = "SiLU", Origin = Origin.PyTorch,
            Formula = "f(x) = x·σ(x)", FormulaLatex = @"f(x) = x\,\sigma(x)",
            Derivative = "f'(x) = σ(x)(1 + x(1 − σ(x)))", DerivativeLatex = @"f'(x) = \sigma(x)\,(1 + x(1 - \sigma(x)))",
            Range = "[≈−0.2785, ∞)", RangeMin = -0.2784645427606194, RangeMax = Inf, ZeroCentred = false, Monotonic = false, Smooth = true,
            MaxSlope = 1.099839320284346, MaxSlopeAt = "x ≈ 2.40", Uses = Use.Hidden, Problems = ["costlier than ReLU"],
            Paper = "Hendrycks & Gimpel 2016; Elfwing et al. 2017, arXiv:1702.03118", PyTorch = "nn.SiLU()", Keras = "keras.activations.silu (alias swish)",
            Summary = "The input gated by its own sigmoid: smooth, non-monotonic, used in EfficientNet and LLaMA's SwiGLU.",
            Factory = _ => Elementwise(new Silu()),
        },
        new()
        {
            Key = "mish", DisplayName = "Mish", Origin = Origin.PyTorch,
            Formula = "f(x) = x·tanh(softplus(x))", FormulaLatex = @"f(x) = x \tanh(\ln(1 + e^{x}))",
            Derivative = "f'(x) = tanh(sp) + x·σ(x)·sech²(sp), sp = softplus(x)", DerivativeLatex = @"f'(x) = \tanh(s) + x\,\sigma(x)\operatorname{sech}^2(s),\ s = \ln(1 + e^{x})",
            Range = "[≈−0.3088, ∞)", RangeMin = -0.3088434130120956, RangeMax = Inf, ZeroCentred = false, Monotonic = false, Smooth = true,
            MaxSlope = 1.0884981611614108, MaxSlopeAt = "x ≈ 1.49", Uses = Use.Hidden, Problems = ["costlier than ReLU"],
            Paper = "Misra 2019, arXiv:1908.08681", PyTorch = "nn.Mish()", Keras = "keras.activations.mish",
            Summary = "A smooth, non-monotonic SiLU-like function (YOLOv4).",
            Factory = _ => Elementwise(new Mish()),
        },
        new()
        {
            Key = "softplus", DisplayName = "Softplus", Origin = Origin.PyTorch,
            Formula = "f(x) = (1/β)·ln(1 + e^(βx)); x where βx > threshold", FormulaLatex = @"f(x) = \frac{1}{\beta}\ln\!\left(1 + e^{\beta x}\right)",
            Derivative = "f'(x) = σ(βx) (1 where βx > threshold)", DerivativeLatex = @"f'(x) = \sigma(\beta x)",
            Range = "(0, ∞)", RangeMin = 0, RangeMax = Inf, ZeroCentred = false, Monotonic = true, Smooth = true,
            MaxSlope = 1, MaxSlopeAt = "x → ∞", Uses = Use.Hidden, Problems = ["slow near 0 compared with ReLU"],
            Paper = "Dugas et al. 2001", PyTorch = "nn.Softplus(beta=1.0, threshold=20.0)", Keras = "keras.activations.softplus (no beta)",
            Parameters = [new("beta", "beta", 1.0, "sharpness (> 0)", Positive), new("threshold", "threshold", 20.0, "above βx = threshold return x")],
            Summary = "A smooth ReLU whose derivative is the sigmoid; used where outputs must be positive (variances).",
            Factory = v => Elementwise(new Softplus((float)v[0], (float)v[1])),
        },
        new()
        {
            Key = "log-sigmoid", DisplayName = "LogSigmoid", Aliases = ["logsigmoid"], Origin = Origin.PyTorch,
            Formula = "f(x) = ln σ(x) = −ln(1 + e^(−x))", FormulaLatex = @"f(x) = \ln \sigma(x) = -\ln(1 + e^{-x})",
            Derivative = "f'(x) = σ(−x) = 1 − σ(x)", DerivativeLatex = @"f'(x) = \sigma(-x)",
            Range = "(−∞, 0)", RangeMin = -Inf, RangeMax = 0, ZeroCentred = false, Monotonic = true, Smooth = true,
            MaxSlope = 1, MaxSlopeAt = "x → −∞", Uses = Use.None, Problems = ["naive ln(σ(x)) gives −∞ below x ≈ −88 (ActLab is stable)"],
            Paper = "—", PyTorch = "nn.LogSigmoid()", Keras = "keras.activations.log_sigmoid",
            Summary = "The log of the sigmoid, as used inside logistic and BCE-with-logits losses.",
            Factory = _ => Elementwise(new LogSigmoid()),
        },
        new()
        {
            Key = "softsign", DisplayName = "Softsign", Origin = Origin.PyTorch,
            Formula = "f(x) = x / (1 + |x|)", FormulaLatex = @"f(x) = \frac{x}{1 + |x|}",
            Derivative = "f'(x) = 1 / (1 + |x|)²", DerivativeLatex = @"f'(x) = \frac{1}{(1 + |x|)^2}",
            Range = "(−1, 1)", RangeMin = -1, RangeMax = 1, ZeroCentred = true, Monotonic = true, Smooth = true,
            MaxSlope = 1, MaxSlopeAt = "x = 0", Uses = Use.Hidden, Problems = ["vanishing gradient (polynomially, slower than tanh)"],
            Paper = "Bergstra et al. 2009; Turian et al. 2009", PyTorch = "nn.Softsign()", Keras = "keras.activations.softsign",
            Summary = "A tanh-like squashing function whose tails approach ±1 polynomially rather than exponentially.",
            Factory = _ => Elementwise(new Softsign()),
        },
        new()
        {
            Key = "glu", DisplayName = "GLU", Kind = ActivationKind.Vector, Origin = Origin.PyTorch,
            Formula = "f(x) = a ⊗ σ(b), x = [a, b] split in halves along dim", FormulaLatex = @"f([a, b]) = a \otimes \sigma(b)",
            Derivative = "∂/∂a = σ(b); ∂/∂b = σ(b)(1 − σ(b))·a", DerivativeLatex = @"\frac{\partial f}{\partial a} = \sigma(b),\ \frac{\partial f}{\partial b} = \sigma(b)(1-\sigma(b))\,a",
            Range = "(−∞, ∞)", RangeMin = -Inf, RangeMax = Inf, ZeroCentred = false, Monotonic = false, Smooth = true,
            MaxSlope = Inf, MaxSlopeAt = "∂/∂b grows with |a|", Uses = Use.Gating, Problems = ["halves the size along dim"],
            Paper = "Dauphin et al. 2016, arXiv:1612.08083", PyTorch = "nn.GLU(dim=-1)", Keras = "keras.activations.glu (axis=-1)",
            Parameters = [Dim()],
            Summary = "A gate: half the inputs, each scaled by the sigmoid of its partner; the root of SwiGLU and GEGLU.",
            Factory = v => new VectorActivation((int)v[0], (x, y, s, a) => Glu.Forward(x, y, s, a),
                (x, y, dy, dx, s, a) => Glu.Backward(x, dy, dx, s, a), halves: true),
        },
        new()
        {
            Key = "softmin", DisplayName = "Softmin", Kind = ActivationKind.Vector, Origin = Origin.PyTorch,
            Formula = "f(x)ᵢ = e^(−xᵢ) / Σⱼ e^(−xⱼ) = softmax(−x)", FormulaLatex = @"f(x)_i = \frac{e^{-x_i}}{\sum_j e^{-x_j}}",
            Derivative = "∂fᵢ/∂xⱼ = −fᵢ(δᵢⱼ − fⱼ)", DerivativeLatex = @"\frac{\partial f_i}{\partial x_j} = -f_i(\delta_{ij} - f_j)",
            Range = "(0, 1), summing to 1", RangeMin = 0, RangeMax = 1, ZeroCentred = false, Monotonic = false, Smooth = true,
            MaxSlope = 0.25, MaxSlopeAt = "a Jacobian entry, at fᵢ = ½", Uses = Use.None, Problems = [],
            Paper = "—", PyTorch = "nn.Softmin(dim)", Keras = "—",
            Parameters = [Dim()],
            Summary = "Softmax of the negated input: the smallest score gets the largest probability.",
            Factory = v => new VectorActivation((int)v[0], (x, y, s, a) => SoftmaxKernels.Softmin(x, y, s, a),
                (x, y, dy, dx, s, a) => SoftmaxKernels.SoftminBackward(y, dy, dx, s, a)),
        },
        new()
        {
            Key = "log-softmax", DisplayName = "LogSoftmax", Aliases = ["logsoftmax"], Kind = ActivationKind.Vector, Origin = Origin.PyTorch,
            Formula = "f(x)ᵢ = xᵢ − ln Σⱼ e^(xⱼ) (computed as (xᵢ − m) − ln Σ e^(xⱼ − m))", FormulaLatex = @"f(x)_i = x_i - \ln \sum_j e^{x_j}",
            Derivative = "∂fᵢ/∂xⱼ = δᵢⱼ − softmax(x)ⱼ; backward dx = dy − e^y Σ dy", DerivativeLatex = @"\frac{\partial f_i}{\partial x_j} = \delta_{ij} - \operatorname{softmax}(x)_j",
            Range = "(−∞, 0]", RangeMin = -Inf, RangeMax = 0, ZeroCentred = false, Monotonic = true, Smooth = true,
            MaxSlope = 1, MaxSlopeAt = "a diagonal Jacobian entry as softmaxᵢ → 0", Uses = Use.MultiClassOutput,
            Problems = ["pair with NLL loss (together they are cross-entropy)"],
            Paper = "—", PyTorch = "nn.LogSoftmax(dim)", Keras = "keras.activations.log_softmax",
            Parameters = [Dim()],
            Summary = "Log-probabilities of softmax, computed without overflow or cancellation.",
            Factory = v => new VectorActivation((int)v[0], (x, y, s, a) => SoftmaxKernels.LogSoftmax(x, y, s, a),
                (x, y, dy, dx, s, a) => SoftmaxKernels.LogSoftmaxBackward(y, dy, dx, s, a)),
        },
        new()
        {
            Key = "softmax2d", DisplayName = "Softmax2d", Kind = ActivationKind.Vector, Origin = Origin.PyTorch,
            Formula = "softmax over the channel dim (−3) at every spatial location of a (C, H, W) or (N, C, H, W) input", FormulaLatex = @"f(x)_{c,h,w} = \frac{e^{x_{c,h,w}}}{\sum_{c'} e^{x_{c',h,w}}}",
            Derivative = "as softmax, along dim −3", DerivativeLatex = @"\frac{\partial f_i}{\partial x_j} = f_i(\delta_{ij} - f_j)",
            Range = "(0, 1), summing to 1 over channels", RangeMin = 0, RangeMax = 1, ZeroCentred = false, Monotonic = true, Smooth = true,
            MaxSlope = 0.25, MaxSlopeAt = "a Jacobian entry, at fᵢ = ½", Uses = Use.MultiClassOutput, Problems = ["input must be 3-D or 4-D"],
            Paper = "—", PyTorch = "nn.Softmax2d()", Keras = "—",
            Summary = "Per-pixel softmax over channels, for segmentation maps.",
            Factory = _ => new VectorActivation(-3, (x, y, s, a) => SoftmaxKernels.Softmax(x, y, Softmax2dShape(s), a),
                (x, y, dy, dx, s, a) => SoftmaxKernels.SoftmaxBackward(y, dy, dx, Softmax2dShape(s), a)),
        },
    ];

    private static ReadOnlySpan<int> Softmax2dShape(ReadOnlySpan<int> shape) => shape.Length is 3 or 4 ? shape
        : throw new InputException("shape", shape.Length, $"softmax2d needs a 3-D (C, H, W) or 4-D (N, C, H, W) shape; got rank {shape.Length}. Pass its shape.") { Key = "error.shape.softmax2d", Args = [shape.Length] };
}
